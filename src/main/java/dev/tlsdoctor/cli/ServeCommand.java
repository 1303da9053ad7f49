package dev.tlsdoctor.cli;

import dev.tlsdoctor.serve.CommandRunner;
import dev.tlsdoctor.serve.Exporter;
import dev.tlsdoctor.serve.ExporterConfig.ConfigException;
import dev.tlsdoctor.serve.WebConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tls-doctor serve}: a long-running Prometheus exporter that keeps its JVM and rules warm. */
@Command(name = "serve", sortOptions = false,
        description = {
            "Runs a Prometheus exporter: GET /probe?target=HOST:PORT&module=NAME probes one target now and answers what"
                    + " 'probe --format prometheus' prints; GET /metrics answers the exporter's own metrics and, for each certs dir"
                    + " the configuration watches, what 'check --format prometheus' prints; GET /-/healthy and /-/ready.",
            "Reloads its configuration on SIGHUP or when the file changes; a configuration that cannot be used is refused and the old one keeps serving."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to serve on (default: 127.0.0.1:9877; ':9877' for every interface).")
    String listen = "127.0.0.1:9877";

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration: modules, targets.allow, watch, limits (see docs/monitoring.md). Default: modules auto, pgwire and tls; targets on loopback only.")
    Path config;

    @Option(names = "--web.config.file", paramLabel = "FILE",
            description = "TLS and basic auth for the exporter itself, in Prometheus exporter-toolkit format. Without it the exporter listens on loopback only.")
    Path webConfig;

    @Override
    public Integer call() throws IOException, InterruptedException {
        InetSocketAddress address = address(listen);
        WebConfig web;
        try {
            web = webConfig == null ? WebConfig.NONE : WebConfig.load(webConfig);
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        }
        if (webConfig == null && !address.getAddress().isLoopbackAddress()) {
            throw new UserError("--listen " + listen + ": without --web.config.file the exporter listens on loopback only"
                    + " (/probe dials targets on request: put TLS and basic auth in front of it, see docs/monitoring.md)");
        }
        PrintWriter log = spec.commandLine().getErr();
        Exporter exporter;
        try {
            exporter = new Exporter(address, config, web, new InProcessRunner(), log, Clock.systemUTC());
        } catch (ConfigException e) {
            throw new UserError(e.getMessage());
        } catch (java.net.BindException e) {
            throw new UserError("--listen " + listen + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exporter.close();
            stopped.countDown();
        }));
        Signals.onHangUp(exporter::reload);
        log.println("tls-doctor serve: listening on " + (web.tls() == null ? "http" : "https") + "://" + hostPort(exporter.address())
                + (config == null ? " (no --config: modules auto, pgwire, tls; loopback targets only)" : " (config " + config + ")"));
        log.flush();
        stopped.await();
        return 0;
    }

    /** {@code HOST:PORT}, {@code [v6]:PORT} or {@code :PORT} (every interface, as Prometheus' exporters write it). */
    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new UserError("--listen " + text + ": expected HOST:PORT or :PORT");
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new UserError("--listen " + text + ": the port must be a number from 0 to 65535");
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host.replaceAll("^\\[|]$", "")), port);
        } catch (UnknownHostException e) {
            throw new UserError("--listen " + text + ": unknown host " + host);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
