package dev.tlsdoctor.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.tlsdoctor.probe.Endpoint;
import dev.tlsdoctor.report.MonitoringSamples;
import dev.tlsdoctor.report.PrometheusReport;
import dev.tlsdoctor.serve.ExporterConfig.ConfigException;
import dev.tlsdoctor.serve.ExporterConfig.Module;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code tls-doctor serve}: an HTTP exporter in Prometheus' multi-target style. {@code /probe} probes one
 * allowed target now and answers what {@code probe --format prometheus} prints; {@code /metrics} answers
 * the exporter's own metrics and the watched certs dirs' {@code check --format prometheus}.
 */
public final class Exporter implements AutoCloseable {
    /** Prometheus' text exposition format. */
    private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** A host name or an IP address: what may reach the resolver (no spaces, slashes, at signs or percent signs). */
    private static final Pattern HOST = Pattern.compile("[a-z0-9._-]+|[0-9a-f:.]+");
    /** Prometheus' scrape timeout header (seconds, possibly fractional). */
    private static final String SCRAPE_TIMEOUT = "X-Prometheus-Scrape-Timeout-Seconds";
    /** The shortest probe worth starting when the scrape timeout leaves little after the offset. */
    private static final Duration SHORTEST_PROBE = Duration.ofMillis(100);

    private final Path configFile;
    private final WebConfig web;
    private final CommandRunner runner;
    private final PrintWriter log;
    private final Clock clock;
    private final ExporterMetrics metrics = new ExporterMetrics();
    private final HttpServer server;
    private final ThreadPoolExecutor handlers;
    private final ThreadPoolExecutor probeSlots;
    private final SharedProbes<CommandRunner.Result> shared;
    private final ScheduledExecutorService reloader;
    private volatile State state;
    private volatile String configStamp;

    /** The configuration in force and what it implies, swapped whole on reload. */
    private record State(ExporterConfig config, Map<String, WatchedCheck> watched) {}

    /**
     * Binds {@code listen} and starts serving.
     *
     * @param configFile the YAML configuration, or null for {@link ExporterConfig#DEFAULT}; watched for changes
     */
    public Exporter(InetSocketAddress listen, Path configFile, WebConfig web, CommandRunner runner, PrintWriter log, Clock clock)
            throws ConfigException, IOException {
        this.configFile = configFile;
        this.web = web;
        this.runner = runner;
        this.log = log;
        this.clock = clock;
        ExporterConfig config = configFile == null ? ExporterConfig.DEFAULT : ExporterConfig.load(configFile);
        this.state = state(config, null);
        this.configStamp = stamp();
        metrics.reloaded(true, clock.instant());
        int slots = config.limits().maxConcurrentProbes();
        // Probes wait on their targets, so they have threads of their own; a queue beyond a few rounds of
        // them would only hold work whose scrapes have given up.
        probeSlots = new ThreadPoolExecutor(slots, slots, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(slots * 4), daemon("tls-doctor-probe"));
        probeSlots.allowCoreThreadTimeOut(true);
        shared = new SharedProbes<>(probeSlots);
        // Request threads mostly wait for probes; when all are busy and the queue is full, the server closes
        // the new connection instead of holding it.
        handlers = new ThreadPoolExecutor(slots * 2 + 4, slots * 2 + 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), daemon("tls-doctor-http"));
        handlers.allowCoreThreadTimeOut(true);
        server = web.tls() == null ? HttpServer.create(listen, 64) : https(listen, web);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        reloader = Executors.newSingleThreadScheduledExecutor(daemon("tls-doctor-reload"));
        if (configFile != null) {
            reloader.scheduleWithFixedDelay(this::reloadIfChanged, 2, 2, TimeUnit.SECONDS);
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Reads the configuration file again; a configuration that cannot be used is refused and the old one keeps serving. */
    public boolean reload() {
        if (configFile == null) {
            return true;
        }
        configStamp = stamp();
        try {
            ExporterConfig config = ExporterConfig.load(configFile);
            if (!config.limits().equals(state.config().limits())) {
                log.println("tls-doctor serve: limits take effect at the next start; the rest of " + configFile + " is in force now");
            }
            state = state(config, state);
            metrics.reloaded(true, clock.instant());
            log.println("tls-doctor serve: loaded " + configFile);
            return true;
        } catch (ConfigException e) {
            metrics.reloaded(false, clock.instant());
            log.println("tls-doctor serve: kept the previous configuration: " + e.getMessage());
            return false;
        } finally {
            log.flush();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        reloader.shutdownNow();
        probeSlots.shutdownNow();
        handlers.shutdownNow();
    }

    private void reloadIfChanged() {
        if (!stamp().equals(configStamp)) {
            reload();
        }
    }

    /** The configuration file's identity and size and time: a change (an editor's rename too) means a reload. */
    private String stamp() {
        try {
            return Files.readAttributes(configFile, "unix:ino,size,lastModifiedTime,ctime").toString();
        } catch (IOException | UnsupportedOperationException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** Keeps the watched checks (and their cached metrics) that the new configuration still has. */
    private State state(ExporterConfig config, State old) {
        Map<String, WatchedCheck> watched = new LinkedHashMap<>();
        for (ExporterConfig.Watch w : config.watch()) {
            WatchedCheck kept = old == null ? null : old.watched().get(w.source());
            watched.put(w.source(), kept != null && kept.watch().equals(w) && config.limits().equals(old.config().limits())
                    ? kept : new WatchedCheck(w, config.limits().watchRecheck(), clock));
        }
        return new State(config, Map.copyOf(watched));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String handler = switch (path) {
            case "/probe", "/metrics", "/-/healthy", "/-/ready", "/" -> path;
            default -> "other";
        };
        int code;
        try (exchange) {
            if (!web.authorizes(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"tls-doctor\"");
                code = reply(exchange, 401, "text/plain; charset=utf-8", "Unauthorized\n");
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                code = reply(exchange, 405, "text/plain; charset=utf-8", "Method Not Allowed\n");
            } else {
                code = switch (handler) {
                    case "/probe" -> probe(exchange);
                    case "/metrics" -> reply(exchange, 200, METRICS_TYPE, metrics());
                    case "/-/healthy" -> reply(exchange, 200, "text/plain; charset=utf-8", "Healthy\n");
                    case "/-/ready" -> reply(exchange, 200, "text/plain; charset=utf-8", "Ready\n");
                    case "/" -> reply(exchange, 200, "text/plain; charset=utf-8", "tls-doctor exporter\n"
                            + "  /probe?target=HOST:PORT&module=NAME   probe one target now\n"
                            + "  /metrics                              the exporter's metrics and the watched certs dirs\n"
                            + "  /-/healthy  /-/ready\n");
                    default -> reply(exchange, 404, "text/plain; charset=utf-8", "Not Found\n");
                };
            }
        }
        metrics.request(handler, code);
    }

    private int probe(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        State current = state;
        String targetText = query.get("target");
        if (targetText == null || targetText.isBlank()) {
            return reply(exchange, 400, "text/plain; charset=utf-8", "target parameter is missing (e.g. /probe?target=node1:26257)\n");
        }
        Endpoint target;
        try {
            target = Endpoint.parse(targetText, Endpoint.COCKROACH_PORT);
        } catch (IllegalArgumentException e) {
            return reply(exchange, 400, "text/plain; charset=utf-8", "target: " + e.getMessage() + "\n");
        }
        if (!HOST.matcher(target.host()).matches()) {
            return reply(exchange, 400, "text/plain; charset=utf-8", "target: '" + targetText + "' is not HOST:PORT\n");
        }
        if (!current.config().allow().permits(target)) {
            return reply(exchange, 403, "text/plain; charset=utf-8", "target " + target + " is not in targets.allow of the exporter's configuration\n");
        }
        String moduleName = query.getOrDefault("module", current.config().modules().size() == 1
                ? current.config().modules().keySet().iterator().next() : "auto");
        Module module = current.config().modules().get(moduleName);
        if (module == null) {
            return reply(exchange, 400, "text/plain; charset=utf-8", "module '" + moduleName + "' is not configured (modules: "
                    + String.join(", ", current.config().modules().keySet().stream().sorted().toList()) + ")\n");
        }
        Budget budget = budget(exchange.getRequestHeaders().getFirst(SCRAPE_TIMEOUT), module.timeout(), current.config().limits().scrapeTimeoutOffset());
        Instant started = clock.instant();
        Instant deadline = started.plus(budget.answer());
        String outcome;
        String body;
        boolean joined = false;
        try {
            SharedProbes.Flight<CommandRunner.Result> flight = shared.join(moduleName + " " + target, deadline,
                    () -> runner.run(module.probeCommand(target.toString(), budget.probe())));
            joined = flight.joined();
            // The probe is bounded by its own timeout; this bound is for the rules and revocation steps after it.
            CommandRunner.Result result = flight.result().get(Math.max(1, Duration.between(clock.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            outcome = ExporterMetrics.OUTCOMES.get(Math.min(Math.max(result.exitCode(), 0), 3));
            body = result.out().isEmpty() ? couldNotCheck(firstLine(result.err())) : result.out();
        } catch (TimeoutException e) {
            outcome = "timeout";
            body = couldNotCheck("the probe did not finish within " + budget.answer().toMillis() + " ms (the scrape timeout less "
                    + current.config().limits().scrapeTimeoutOffset().toMillis() + " ms)");
        } catch (RejectedExecutionException e) {
            outcome = "busy";
            body = couldNotCheck("the exporter has " + current.config().limits().maxConcurrentProbes() + " probes in flight and a full queue");
        } catch (ExecutionException e) {
            outcome = e.getCause() instanceof SharedProbes.Expired ? "busy" : "unknown";
            body = couldNotCheck(e.getCause() instanceof SharedProbes.Expired ? e.getCause().getMessage() : "internal error: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "unknown";
            body = couldNotCheck("interrupted");
        }
        metrics.probe(moduleName, outcome, Duration.between(started, clock.instant()).toNanos() / 1e9, joined);
        return reply(exchange, 200, METRICS_TYPE, body);
    }

    /**
     * How long a scrape may take.
     *
     * @param probe the probe's own timeout (its --timeout)
     * @param answer when the answer must be sent: the rules and the rendering run after the probe, within the difference
     */
    record Budget(Duration probe, Duration answer) {}

    /** What the rules and rendering after a probe may take: a quarter of the answer's time, at most this. */
    private static final Duration AFTER_PROBE = Duration.ofMillis(500);

    /**
     * The answer is due at Prometheus' scrape timeout less the offset (half the scrape timeout when the
     * offset would leave less than {@link #SHORTEST_PROBE}), or without that header at the module's timeout
     * plus the time the rules take; the probe gets the module's timeout within that, less that time.
     */
    static Budget budget(String scrapeTimeoutHeader, Duration moduleTimeout, Duration offset) {
        Duration scrape = seconds(scrapeTimeoutHeader);
        if (scrape == null) {
            return new Budget(moduleTimeout, moduleTimeout.plus(AFTER_PROBE));
        }
        Duration answer = scrape.minus(offset);
        if (answer.compareTo(SHORTEST_PROBE) < 0) {
            answer = scrape.dividedBy(2);
        }
        Duration reserve = answer.dividedBy(4).compareTo(AFTER_PROBE) < 0 ? answer.dividedBy(4) : AFTER_PROBE;
        Duration probe = answer.minus(reserve);
        return new Budget(probe.compareTo(moduleTimeout) < 0 ? probe : moduleTimeout, answer);
    }

    /** The scrape-timeout header's seconds, or null when absent or not a positive number. */
    private static Duration seconds(String header) {
        if (header == null) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(header.strip());
            return seconds > 0 && !Double.isInfinite(seconds) ? Duration.ofNanos((long) (seconds * 1e9)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String metrics() {
        State current = state;
        Map<String, String> watched = new LinkedHashMap<>();
        Map<String, Long> checks = new LinkedHashMap<>();
        for (WatchedCheck w : current.watched().values()) {
            watched.put(w.watch().source(), w.exposition(runner));
            checks.put(w.watch().source(), w.checks());
        }
        Exposition out = new Exposition().add(
                PrometheusReport.render(metrics.samples(current.config().modules().keySet(), shared.inFlight(), checks)), null, null);
        watched.forEach((source, text) -> out.add(text, "source", source));
        return out.render();
    }

    private static String couldNotCheck(String reason) {
        return PrometheusReport.render(MonitoringSamples.couldNotCheck(reason));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("the probe printed nothing").replaceFirst("^tls-doctor: ", "");
    }

    private static int reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        return code;
    }

    /** The query's parameters, each once: a repeated parameter is ambiguous, and the first is taken as Prometheus sends one. */
    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static HttpsServer https(InetSocketAddress listen, WebConfig web) throws IOException {
        HttpsServer https = HttpsServer.create(listen, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(web.tls()) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(web.tlsParameters());
            }
        });
        return https;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
