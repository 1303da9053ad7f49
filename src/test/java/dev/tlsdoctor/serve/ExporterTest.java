package dev.tlsdoctor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.FakeServer;
import dev.tlsdoctor.testing.OpensslServer;
import dev.tlsdoctor.testing.PostgresServer;
import dev.tlsdoctor.testing.PrometheusText;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter against real servers: openssl s_server, PostgreSQL with certificate login, and peers that misbehave. */
class ExporterTest {
    @TempDir
    static Path dir;
    static Path certs;
    static OpensslServer tlsServer;
    static PostgresServer pg;

    @BeforeAll
    static void startServers() throws IOException {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        certs = Files.createDirectories(dir.resolve("certs"));
        ca.writeCert(certs.resolve("ca.crt"));
        Pki.Issued node = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build();
        node.writeTo(certs, "node");
        ca.issue("root").clientAuth().build().writeTo(certs, "client.root");
        tlsServer = OpensslServer.start(dir, "-cert", certs.resolve("node.crt").toString(), "-key", certs.resolve("node.key").toString(), "-www");
        pg = PostgresServer.start(certs.resolve("node.crt"), certs.resolve("node.key"), certs.resolve("ca.crt"), "root");
    }

    @AfterAll
    static void stopServers() {
        if (tlsServer != null) {
            tlsServer.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static String config(String modules, String more) {
        return "modules:\n" + modules + "\ntargets:\n  allow: [\"127.0.0.1:*\", \"*.crdb.internal:26257\"]\n" + more;
    }

    private static String tlsModule(String timeout) {
        return "  rpc: {mode: tls, certs_dir: " + certs + ", timeout: " + timeout + "}";
    }

    /** The series of an exposition (name and labels) with their values, durations and seconds to expiry left out (they differ run to run). */
    private static Map<String, Double> series(String exposition) {
        return PrometheusText.parse(exposition).samples().stream()
                .filter(s -> !s.name().endsWith("_duration_seconds") && !s.name().equals("tls_doctor_certificate_expires_in_seconds"))
                .collect(Collectors.toMap(s -> s.name() + s.labels(), PrometheusText.Sample::value));
    }

    @Test
    void probeAnswersWhatProbeFormatPrometheusPrints() {
        try (RunningExporter e = new RunningExporter(dir, config(tlsModule("5s"), ""))) {
            HttpResponse<String> scrape = e.get("/probe?target=" + tlsServer.target() + "&module=rpc", "10");
            assertEquals(200, scrape.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.headers().firstValue("Content-Type").orElse(""));
            Cli.Result cli = Cli.run("probe", tlsServer.target(), "--format", "prometheus", "--mode", "tls", "--certs-dir", certs.toString());
            assertEquals(series(cli.out()), series(scrape.body()));
            assertEquals(1.0, PrometheusText.parse(scrape.body()).value("tls_doctor_probe_success", Map.of("target", tlsServer.target(), "mode", "tls")));
        }
    }

    @Test
    void pgwireModuleLogsInToRealPostgresWithTheClientCertificate() {
        String module = "  node: {mode: pgwire, certs_dir: " + certs + ", user: root, database: postgres, timeout: 10s}";
        try (RunningExporter e = new RunningExporter(dir, config(module, ""))) {
            String body = e.get("/probe?target=" + pg.target() + "&module=node", "15").body();
            PrometheusText.Exposition metrics = PrometheusText.parse(body);
            assertEquals(1.0, metrics.value("tls_doctor_probe_success", Map.of("target", pg.target(), "mode", "pgwire")), body);
            assertEquals(0.0, metrics.value("tls_doctor_status", Map.of()), body);
        }
    }

    @Test
    void targetsOutsideTheAllowlistAreRefusedBeforeAnyDial() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.2"));
             RunningExporter e = new RunningExporter(dir, config(tlsModule("2s"), ""))) {
            listener.setSoTimeout(300);
            HttpResponse<String> refused = e.get("/probe?target=127.0.0.2:" + listener.getLocalPort() + "&module=rpc");
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("not in targets.allow"), refused.body());
            assertThrowsTimeout(listener);
            assertEquals(403, e.get("/probe?target=169.254.169.254:80&module=rpc").statusCode());
            assertEquals(403, e.get("/probe?target=n1.crdb.internal.evil.com:26257&module=rpc").statusCode());
            assertEquals(400, e.get("/probe?module=rpc").statusCode());
            assertEquals(400, e.get("/probe?target=http://127.0.0.1:1/&module=rpc").statusCode());
            assertEquals(400, e.get("/probe?target=a%40127.0.0.1:1&module=rpc").statusCode());
            HttpResponse<String> badModule = e.get("/probe?target=127.0.0.1:1&module=nope");
            assertEquals(400, badModule.statusCode());
            assertTrue(badModule.body().contains("modules: rpc"), badModule.body());
            assertEquals(404, e.get("/nope").statusCode());
            assertEquals(200, e.get("/-/healthy").statusCode());
            assertEquals(200, e.get("/-/ready").statusCode());
            String own = e.get("/metrics").body();
            assertEquals(3.0, PrometheusText.parse(own).value("tls_doctor_exporter_requests_total", Map.of("handler", "/probe", "code", "403")));
        }
    }

    private static void assertThrowsTimeout(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            throw new AssertionError("the exporter dialled a target outside its allowlist: " + s);
        } catch (java.net.SocketTimeoutException expected) {
            // nobody dialled
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void answerArrivesBeforePrometheusScrapeTimeoutEvenWhenTheModuleAllowsLonger() {
        try (FakeServer silent = FakeServer.silent();
             RunningExporter e = new RunningExporter(dir, config(tlsModule("30s"), ""))) {
            long start = System.nanoTime();
            HttpResponse<String> scrape = e.get("/probe?target=" + silent.target() + "&module=rpc", "2");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, scrape.statusCode());
            assertTrue(millis < 2_000, "answered after " + millis + " ms, past a 2 s scrape timeout");
            assertTrue(millis >= 1_000, "gave up after " + millis + " ms, well before the 1.5 s budget");
            PrometheusText.Exposition metrics = PrometheusText.parse(scrape.body());
            assertEquals(0.0, metrics.value("tls_doctor_check_success", Map.of()), scrape.body());
        }
    }

    @Test
    void aBurstOfScrapesForOneTargetSharesOneProbe() throws Exception {
        AtomicInteger dialled = new AtomicInteger();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             RunningExporter e = new RunningExporter(dir, config(tlsModule("1500ms"), ""))) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                        dialled.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<CompletableFuture<HttpResponse<String>>> scrapes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                scrapes.add(CompletableFuture.supplyAsync(() -> e.get("/probe?target=127.0.0.1:" + silent.getLocalPort() + "&module=rpc", "5")));
            }
            for (CompletableFuture<HttpResponse<String>> s : scrapes) {
                assertEquals(200, s.get().statusCode());
            }
            assertEquals(1, dialled.get(), "eight scrapes of one target in flight together dialled it " + dialled.get() + " times");
            double joined = PrometheusText.parse(e.get("/metrics").body()).value("tls_doctor_exporter_probes_joined_total", Map.of());
            assertEquals(7.0, joined);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void watchedCertsDirIsCheckedAgainOnlyWhenItChangesOnDisk() throws IOException {
        Path watched = Files.createDirectories(dir.resolve("watched"));
        for (String f : List.of("ca.crt", "node.crt", "node.key")) {
            Files.copy(certs.resolve(f), watched.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(watched.resolve("node.key"), PosixFilePermissions.fromString("rw-------"));
        String watch = "watch:\n  - certs_dir: " + watched + "\n";
        try (RunningExporter e = new RunningExporter(dir, config(tlsModule("2s"), watch))) {
            Map<String, String> source = Map.of("source", watched.toString());
            PrometheusText.Exposition first = PrometheusText.parse(e.get("/metrics").body());
            assertEquals(0.0, first.value("tls_doctor_status", source));
            assertEquals(1.0, first.value("tls_doctor_exporter_watch_checks_total", source));
            PrometheusText.Exposition second = PrometheusText.parse(e.get("/metrics").body());
            assertEquals(1.0, second.value("tls_doctor_exporter_watch_checks_total", source), "checked again though nothing changed");

            Files.setPosixFilePermissions(watched.resolve("node.key"), PosixFilePermissions.fromString("rw-r--r--"));
            PrometheusText.Exposition afterChmod = PrometheusText.parse(e.get("/metrics").body());
            assertEquals(2.0, afterChmod.value("tls_doctor_exporter_watch_checks_total", source));
            assertEquals(1.0, afterChmod.value("tls_doctor_findings", Map.of("source", watched.toString(), "rule", "key-permissions", "severity", "error")));
            Cli.Result cli = Cli.run("check", "--certs-dir", watched.toString(), "--format", "prometheus");
            assertEquals(cli.exitCode(), (int) afterChmod.value("tls_doctor_status", source));
        }
    }

    @Test
    void changedConfigurationIsReloadedAndABadOneKeepsTheOldServing() throws Exception {
        try (RunningExporter e = new RunningExporter(dir, config(tlsModule("2s"), ""))) {
            assertEquals(200, e.get("/probe?target=127.0.0.1:3&module=rpc").statusCode());

            Files.writeString(e.configFile, config(tlsModule("2s"), "").replace("\"127.0.0.1:*\"", "\"127.0.0.1:2\""));
            waitFor(() -> e.log.toString().contains("loaded"));
            assertEquals(403, e.get("/probe?target=127.0.0.1:3&module=rpc").statusCode(), "the new allowlist is not in force");
            Files.writeString(e.configFile, "modules: {rpc: {mode: carrier-pigeon}}\ntargets: {allow: ['*:1']}\n");
            waitFor(() -> e.log.toString().contains("kept the previous configuration"));
            assertTrue(e.log.toString().contains("mode: 'carrier-pigeon' is not one of pgwire, tls, auto"), e.log.toString());
            assertEquals(403, e.get("/probe?target=127.0.0.1.nip.io:1&module=rpc").statusCode(), "the bad configuration's allow-all took effect");
            assertEquals(0.0, PrometheusText.parse(e.get("/metrics").body()).value("tls_doctor_exporter_config_last_reload_successful", Map.of()));
            assertFalse(e.exporter.reload(), "reload() reports the refusal");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + 15_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(100);
        }
    }

    @Test
    void hostilePeersEndWithinTheScrapeTimeout() {
        try (FakeServer trickling = FakeServer.trickling(1000);
             FakeServer garbage = FakeServer.replying("HTTP/1.1 400 Bad Request\r\n\r\n");
             RunningExporter e = new RunningExporter(dir, config(tlsModule("10s"), ""))) {
            for (FakeServer peer : List.of(trickling, garbage)) {
                long start = System.nanoTime();
                HttpResponse<String> scrape = e.get("/probe?target=" + peer.target() + "&module=rpc", "3");
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 3_000, peer + " answered after " + millis + " ms");
                PrometheusText.Exposition metrics = PrometheusText.parse(scrape.body());
                assertEquals(0.0, metrics.value("tls_doctor_check_success", Map.of()), scrape.body());
            }
        }
    }
}
