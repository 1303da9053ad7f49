package dev.tlsdoctor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.OpensslServer;
import dev.tlsdoctor.testing.Ports;
import dev.tlsdoctor.testing.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus files against Debian's real prometheus and promtool: a Prometheus server scrapes
 * the exporter through samples/prometheus/prometheus.yml's relabelling, every endpoint passes
 * {@code promtool check metrics} (lint included), and the alert rules pass their unit tests.
 */
class PrometheusScrapeTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("samples/prometheus");

    @TempDir
    static Path dir;
    static Path certs;
    static OpensslServer console;
    static PostgresServer sql;

    @BeforeAll
    static void servers() throws IOException {
        Assumptions.assumeTrue(onPath("prometheus") && onPath("promtool"), "Debian's prometheus package is not installed (.ci/run installs it)");
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        certs = Files.createDirectories(dir.resolve("certs"));
        ca.writeCert(certs.resolve("ca.crt"));
        ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build().writeTo(certs, "node");
        ca.issue("root").clientAuth().build().writeTo(certs, "client.root");
        console = OpensslServer.start(dir, "-cert", certs.resolve("node.crt").toString(), "-key", certs.resolve("node.key").toString(), "-www");
        sql = PostgresServer.start(certs.resolve("node.crt"), certs.resolve("node.key"), certs.resolve("ca.crt"), "root");
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (sql != null) {
            sql.close();
        }
    }

    private String exporterConfig() {
        return "modules:\n"
                + "  node: {mode: pgwire, certs_dir: " + certs + ", user: root, database: postgres, timeout: 5s}\n"
                + "  rpc: {mode: tls, certs_dir: " + certs + ", timeout: 5s}\n"
                + "targets:\n  allow: [\"127.0.0.1:*\"]\n"
                + "watch:\n  - certs_dir: " + certs + "\n";
    }

    @Test
    void shippedAlertRulesAndScrapeConfigurationPassPromtool() {
        assertTrue(promtool(null, "check", "rules", SAMPLES.resolve("alerts.yml").toString()).contains("SUCCESS: 7 rules found"));
        assertTrue(promtool(null, "test", "rules", SAMPLES.resolve("alerts_test.yml").toString()).contains("SUCCESS"));
        assertTrue(promtool(null, "check", "config", "--syntax-only", SAMPLES.resolve("prometheus.yml").toString()).contains("SUCCESS"));
    }

    @Test
    void everyEndpointPassesPromtoolLint() {
        try (RunningExporter e = new RunningExporter(dir, exporterConfig())) {
            for (String path : List.of("/probe?target=" + console.target() + "&module=rpc", "/probe?target=" + sql.target() + "&module=node",
                    "/probe?target=127.0.0.1:" + Ports.free() + "&module=rpc", "/metrics")) {
                String body = e.get(path, "10").body();
                assertEquals("", promtool(body, "check", "metrics"), path + " is not promtool-clean:\n" + body);
            }
        }
    }

    @Test
    void prometheusScrapesTheFleetThroughTheShippedRelabelling() throws Exception {
        try (RunningExporter e = new RunningExporter(dir, exporterConfig())) {
            String exporter = "127.0.0.1:" + e.exporter.address().getPort();
            Path config = prometheusConfig(exporter, Map.of("tls-doctor-sql", sql.target(), "tls-doctor-console", console.target()));
            int port = Ports.free();
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String api = "http://127.0.0.1:" + port + "/api/v1/";
                Map<String, Double> success = waitForSeries(api, "tls_doctor_probe_success", 2);
                assertEquals(Map.of(sql.target() + " pgwire", 1.0, console.target() + " tls", 1.0), success);
                assertEquals(Map.of(exporter + " ", 1.0), waitForSeries(api, "up{job=\"tls-doctor-exporter\"}", 1));
                Map<String, Double> watched = waitForSeries(api, "tls_doctor_status{job=\"tls-doctor-exporter\"}", 1);
                assertEquals(1, watched.size(), watched.toString());
                JsonNode rules = get(api + "rules");
                assertEquals(7, rules.path("data").path("groups").get(0).path("rules").size());
                for (JsonNode panel : YAML.readTree(SAMPLES.resolve("grafana-dashboard.json").toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        JsonNode answer = get(api + "query?query=" + URLEncoder.encode(target.path("expr").asText(), StandardCharsets.UTF_8));
                        assertEquals("success", answer.path("status").asText(), panel.path("title") + ": " + answer);
                    }
                }
            } finally {
                prometheus.destroy();
                prometheus.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** samples/prometheus/prometheus.yml with each probe job's targets replaced, the exporter's address, and a 1 s interval. */
    private Path prometheusConfig(String exporter, Map<String, String> targets) throws IOException {
        ObjectNode config = (ObjectNode) YAML.readTree(SAMPLES.resolve("prometheus.yml").toFile());
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("scrape_timeout", "1s").put("evaluation_interval", "1s");
        ((ArrayNode) config.path("rule_files")).removeAll().add(SAMPLES.resolve("alerts.yml").toAbsolutePath().toString());
        for (JsonNode job : config.path("scrape_configs")) {
            String name = job.path("job_name").asText();
            ArrayNode list = (ArrayNode) job.path("static_configs").get(0).path("targets");
            list.removeAll().add(targets.getOrDefault(name, exporter));
            for (JsonNode relabel : job.path("relabel_configs")) {
                if (relabel.path("target_label").asText().equals("__address__")) {
                    ((ObjectNode) relabel).put("replacement", exporter);
                }
            }
        }
        return Files.writeString(dir.resolve("prometheus.yml"), YAML.writeValueAsString(config));
    }

    /** The instant query's series as "instance mode" to value, once it has {@code count} of them (within a minute). */
    private static Map<String, Double> waitForSeries(String api, String query, int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Double> series = new TreeMap<>();
        while (System.nanoTime() < until) {
            series.clear();
            try {
                for (JsonNode s : get(api + "query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)).path("data").path("result")) {
                    series.put(s.path("metric").path("instance").asText() + " " + s.path("metric").path("mode").asText(),
                            Double.parseDouble(s.path("value").get(1).asText()));
                }
            } catch (UncheckedIOException notYetUp) {
                // Prometheus is still starting
            }
            if (series.size() >= count) {
                return series;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus had " + series + " for " + query + " after a minute");
    }

    private static JsonNode get(String url) {
        try {
            return JSON.readTree(RunningExporter.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** promtool's output (stdout and stderr); a non-zero exit fails the test with it. */
    private static String promtool(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
