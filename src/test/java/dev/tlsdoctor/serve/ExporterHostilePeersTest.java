package dev.tlsdoctor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.FakeServer;
import dev.tlsdoctor.testing.HostilePeers;
import dev.tlsdoctor.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probe suite's hostile peers through {@code /probe}: each scrape is answered within Prometheus'
 * scrape timeout with the verdict the command line gives (the same rule fires), never a hung request.
 */
class ExporterHostilePeersTest {
    @TempDir
    static Path dir;
    static Pki.Issued node;

    @BeforeAll
    static void certsDir() {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        node = ca.issue("node").sans("127.0.0.1").serverAndClient().build();
        node.writeTo(dir, "node");
        ca.issue("root").clientAuth().build().writeTo(dir, "client.root");
    }

    static Stream<Arguments> peers() {
        return Stream.of(
                Arguments.of("login answer a byte a second", (Callable<FakeServer>) () -> HostilePeers.trickledLoginAnswer(node), "login", "timeout"),
                Arguments.of("16 MB certificate message", (Callable<FakeServer>) HostilePeers::sixteenMegabyteCertificateMessage, "tls", "handshake-failed"),
                Arguments.of("16 MB chain", (Callable<FakeServer>) () -> HostilePeers.sixteenMegabyteChain(node, "TLSv1.3"), "tls", "handshake-failed"),
                Arguments.of("endless renegotiation", (Callable<FakeServer>) () -> HostilePeers.endlessRenegotiation(node, new AtomicInteger()), "login", "timeout"),
                Arguments.of("KeyUpdate spam", (Callable<FakeServer>) () -> HostilePeers.keyUpdateSpam(node, new AtomicInteger()), "login", "timeout"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peers")
    void answeredWithinTheScrapeTimeoutWithTheCommandLinesVerdict(String name, Callable<FakeServer> peer, String module, String rule) throws Exception {
        String config = "modules:\n"
                + "  login: {mode: pgwire, certs_dir: " + dir + ", user: root, timeout: 2s}\n"
                + "  tls: {mode: tls, timeout: 2s}\n"
                + "targets: {allow: ['127.0.0.1:*']}\n";
        try (FakeServer hostile = peer.call(); RunningExporter e = new RunningExporter(dir, config)) {
            long start = System.nanoTime();
            HttpResponse<String> scrape = e.get("/probe?target=" + hostile.target() + "&module=" + module, "5");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, scrape.statusCode());
            assertTrue(millis < 5_000, name + ": answered after " + millis + " ms, past the 5 s scrape timeout");
            PrometheusText.Exposition metrics = PrometheusText.parse(scrape.body());
            double errors = metrics.samples().stream()
                    .filter(s -> s.name().equals("tls_doctor_findings") && s.labels().get("rule").equals(rule) && !s.labels().get("severity").equals("info"))
                    .mapToDouble(PrometheusText.Sample::value).sum();
            assertTrue(errors >= 1, name + ": no " + rule + " finding in\n" + scrape.body());
            assertEquals(0.0, metrics.value("tls_doctor_check_success", Map.of()), scrape.body());
        }
    }
}
