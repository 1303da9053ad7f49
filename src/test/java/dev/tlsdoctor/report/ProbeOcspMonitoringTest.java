package dev.tlsdoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.NagiosOutput;
import dev.tlsdoctor.testing.OpensslOcspResponder;
import dev.tlsdoctor.testing.OpensslServer;
import dev.tlsdoctor.testing.Ports;
import dev.tlsdoctor.testing.PrometheusText;
import dev.tlsdoctor.demo.DemoDeployment;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * probe and ocsp --format nagios|prometheus against real servers on 127.0.0.1 (openssl s_server, openssl
 * ocsp): valid by the formats' grammars, a dead endpoint keeps its series, exit codes as in text.
 */
class ProbeOcspMonitoringTest {
    private static final String FAST = "3s";

    /** A node serving a healthy chain, the CA file to trust it with, and a port nothing listens on. */
    private record Fleet(OpensslServer node, Path ca, String dead) implements AutoCloseable {
        static Fleet start(Path dir) {
            OpensslServer.assumeInstalled();
            Pki.Issued ca = Pki.ca("Cockroach CA").build();
            Path caFile = ca.writeCert(dir.resolve("ca.crt"));
            Path crt = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build().writeTo(dir, "node");
            OpensslServer node = OpensslServer.start(dir, "-cert", crt.toString(), "-key", dir.resolve("node.key").toString());
            return new Fleet(node, caFile, "127.0.0.1:" + Ports.free());
        }

        @Override
        public void close() {
            node.close();
        }
    }

    @Test
    void prometheusKeepsTheDeadEndpointsSeries(@TempDir Path dir) {
        try (Fleet f = Fleet.start(dir)) {
            Cli.Result r = Cli.run("probe", f.node().target(), f.dead(), "--mode", "tls", "--ca", f.ca().toString(),
                    "--timeout", FAST, "--format", "prometheus");
            assertEquals(3, r.exitCode(), "a host that is down makes the run UNKNOWN, as in text\n" + r.out() + r.err());
            PrometheusText.Exposition e = PrometheusText.parse(r.out());
            Map<String, String> live = Map.of("target", f.node().target(), "mode", "tls");
            Map<String, String> dead = Map.of("target", f.dead(), "mode", "tls");
            assertEquals(1, e.value("tls_doctor_probe_success", live));
            assertEquals(0, e.value("tls_doctor_probe_success", dead));
            // where each probe got to: one series per outcome, so neither series changes its labels when the endpoint goes down
            assertEquals(1, e.value("tls_doctor_probe_outcome", Map.of("target", f.dead(), "mode", "tls", "outcome", "unreachable")));
            assertEquals(0, e.value("tls_doctor_probe_outcome", Map.of("target", f.dead(), "mode", "tls", "outcome", "ok")));
            assertEquals(1, e.value("tls_doctor_probe_outcome", Map.of("target", f.node().target(), "mode", "tls", "outcome", "ok")));
            assertEquals(2 * dev.tlsdoctor.probe.ProbeOutcome.values().length, e.named("tls_doctor_probe_outcome").size());
            assertTrue(e.value("tls_doctor_probe_duration_seconds", live) > 0);
            assertTrue(e.value("tls_doctor_probe_duration_seconds", dead) >= 0);
            assertEquals(2, e.named("tls_doctor_probe_success").size());
            assertEquals(3, e.value("tls_doctor_status", Map.of()));
            assertEquals(1, e.value("tls_doctor_findings", Map.of("rule", "unreachable", "severity", "warning")));
            // the served certificate is monitored like a file's
            assertTrue(e.named("tls_doctor_certificate_expires_in_seconds").get(0).value() > 300 * 86_400);
            assertEquals("gauge", e.types().get("tls_doctor_probe_duration_seconds"));
        }
    }

    @Test
    void nagiosHasProbeTimeInSecondsPerEndpoint(@TempDir Path dir) {
        try (Fleet f = Fleet.start(dir)) {
            Cli.Result ok = Cli.run("probe", f.node().target(), "--mode", "tls", "--ca", f.ca().toString(), "--timeout", FAST, "--format", "nagios");
            assertEquals(0, ok.exitCode(), ok.out() + ok.err());
            NagiosOutput.Parsed o = NagiosOutput.parse(ok.out());
            assertEquals("OK", o.state());
            NagiosOutput.Perf time = o.perf("time_" + f.node().target() + "_tls");
            assertEquals("s", time.unit());
            assertTrue(time.value() > 0 && time.value() < 3, time.toString());
            assertEquals("0", time.min());

            Cli.Result down = Cli.run("probe", f.node().target(), f.dead(), "--mode", "tls", "--ca", f.ca().toString(),
                    "--timeout", FAST, "--format", "nagios");
            assertEquals(3, down.exitCode(), down.out() + down.err());
            NagiosOutput.Parsed d = NagiosOutput.parse(down.out());
            assertEquals("UNKNOWN", d.state());
            assertEquals("s", d.perf("time_" + f.dead() + "_tls").unit());
            assertTrue(d.longOutput().stream().anyMatch(l -> l.startsWith("UNKNOWN unreachable: " + f.dead())), d.longOutput().toString());
        }
    }

    /** An endpoint that is down or silent could not be checked: UNKNOWN in the status line and in its own lines alike. */
    @Test
    void nagiosLinesOfEndpointsThatCouldNotBeCheckedSayUnknownLikeTheStatus(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String quiet = "127.0.0.1:" + silent.getLocalPort(); // the kernel accepts the connection; nothing ever answers
            String dead = "127.0.0.1:" + Ports.free();
            Cli.Result r = Cli.run("probe", quiet, dead, "--mode", "tls", "--timeout", "1s", "--format", "nagios");
            assertEquals(3, r.exitCode(), r.out() + r.err());
            NagiosOutput.Parsed n = NagiosOutput.parse(r.out());
            assertEquals("UNKNOWN", n.state());
            assertTrue(n.text().startsWith("2 unknown (timeout, unreachable)"), n.text());
            List<String> findingLines = n.longOutput().stream().filter(l -> !l.startsWith("  ")).toList();
            assertEquals(List.of("UNKNOWN timeout: " + quiet + " (tls)", "UNKNOWN unreachable: " + dead + " (tls)"),
                    findingLines.stream().map(l -> l.substring(0, l.indexOf(" (tls)") + 6)).toList(), r.out());

            Cli.Result p = Cli.run("probe", quiet, dead, "--mode", "tls", "--timeout", "1s", "--format", "prometheus");
            PrometheusText.Exposition e = PrometheusText.parse(p.out());
            assertEquals(1, e.value("tls_doctor_probe_outcome", Map.of("target", quiet, "outcome", "timeout")), p.out());
            assertEquals(0, e.value("tls_doctor_probe_success", Map.of("target", quiet)), p.out());
        }
    }

    @Test
    void probeThatCannotStartStillPrintsMonitoringOutput() {
        Cli.Result p = Cli.run("probe", "--format", "prometheus");
        assertEquals(3, p.exitCode());
        assertEquals(0, PrometheusText.parse(p.out()).value("tls_doctor_up", Map.of()));
        Cli.Result n = Cli.run("probe", "--format", "nagios");
        assertEquals(3, n.exitCode());
        assertEquals("UNKNOWN", NagiosOutput.parse(n.out()).state());
        assertTrue(n.err().contains("nothing to probe"), n.err());
    }

    @Test
    void ocspStatusCodesForGoodAndRevoked(@TempDir Path dir) {
        OpensslServer.assumeInstalled();
        Pki.Issued root = Pki.ca("Test Root CA").build();
        Path rootFile = root.writeCert(dir.resolve("root.crt"));
        try (OpensslOcspResponder responder = OpensslOcspResponder.forCa(root).start(dir.resolve("responder"))) {
            Pki.Issued good = root.issue("good").clientAuth().ocspUrl(responder.url()).build();
            Pki.Issued revoked = root.issue("revoked").clientAuth().ocspUrl(responder.url()).build();
            responder.good(good).revoked(revoked, Instant.now().minus(1, ChronoUnit.DAYS), "keyCompromise");
            Path goodFile = good.writeTo(dir, "good");
            Path revokedFile = revoked.writeTo(dir, "revoked");
            Path noUrlFile = root.issue("no-url").clientAuth().build().writeTo(dir, "no-url");

            Cli.Result ok = Cli.run("ocsp", goodFile.toString(), "--issuer", rootFile.toString(), "--format", "prometheus");
            assertEquals(0, ok.exitCode(), ok.out() + ok.err());
            PrometheusText.Exposition e = PrometheusText.parse(ok.out());
            String goodSerial = good.cert().getSerialNumber().toString(16);
            assertEquals(0, e.value("tls_doctor_ocsp_status", Map.of("subject", goodFile.toString())), ok.out());
            assertTrue(e.named("tls_doctor_ocsp_status").get(0).labels().get("serial").equalsIgnoreCase(goodSerial), ok.out());
            assertEquals(2, e.value("tls_doctor_ocsp_requests_sent", Map.of()), "CockroachDB's request and the standard one");

            Cli.Result bad = Cli.run("ocsp", goodFile.toString(), revokedFile.toString(), noUrlFile.toString(), "--issuer", rootFile.toString(), "--format", "prometheus");
            assertEquals(2, bad.exitCode(), bad.out() + bad.err());
            e = PrometheusText.parse(bad.out());
            assertEquals(0, e.value("tls_doctor_ocsp_status", Map.of("subject", goodFile.toString())));
            assertEquals(1, e.value("tls_doctor_ocsp_status", Map.of("subject", revokedFile.toString())), bad.out());
            assertEquals(6, e.value("tls_doctor_ocsp_status", Map.of("subject", noUrlFile.toString())), bad.out());
            assertEquals(1, e.value("tls_doctor_findings", Map.of("rule", "revoked", "severity", "error")));
            assertEquals(2, e.value("tls_doctor_status", Map.of()));

            Cli.Result nagios = Cli.run("ocsp", revokedFile.toString(), "--issuer", rootFile.toString(), "--format", "nagios");
            assertEquals(2, nagios.exitCode());
            NagiosOutput.Parsed n = NagiosOutput.parse(nagios.out());
            assertEquals("CRITICAL", n.state());
            assertTrue(n.text().contains("revoked"), n.text());
        }
    }

    @Test
    void checkAndProbeWithOcspCarryTheOcspStatusOfEachCertificate(@TempDir Path dir) throws Exception {
        try (DemoDeployment demo = DemoDeployment.start(dir.resolve("certs"))) {
            String certs = demo.certsDir().toString();
            Cli.Result check = Cli.run("check", "--certs-dir", certs, "--ocsp", "--format", "prometheus");
            PrometheusText.Exposition c = PrometheusText.parse(check.out());
            assertEquals(0, c.value("tls_doctor_ocsp_status", Map.of("subject", demo.certsDir().resolve("node.crt").toString())), check.out());
            assertEquals(0, c.value("tls_doctor_ocsp_status", Map.of("subject", demo.certsDir().resolve("client.root.crt").toString())), check.out());
            assertTrue(c.value("tls_doctor_ocsp_requests_sent", Map.of()) >= 3, check.out());

            // The node serves its old, revoked certificate.
            Cli.Result probe = Cli.run("probe", demo.nodeAddress(), "--mode", "pgwire", "--certs-dir", certs, "--ocsp", "--format", "prometheus");
            assertEquals(2, probe.exitCode(), probe.out() + probe.err());
            PrometheusText.Exposition p = PrometheusText.parse(probe.out());
            assertEquals(1, p.value("tls_doctor_ocsp_status", Map.of("subject", demo.nodeAddress() + " (pgwire)")), probe.out());
            assertEquals(1, p.value("tls_doctor_findings", Map.of("rule", "revoked", "severity", "error")));

            // In auto mode a refused SQL login is a real failure of that mode, not "the port speaks the other mode".
            Cli.Result login = Cli.run("probe", demo.nodeAddress(), "--certs-dir", certs, "--user", DemoDeployment.USER, "--format", "prometheus");
            PrometheusText.Exposition l = PrometheusText.parse(login.out());
            assertEquals(0, l.value("tls_doctor_probe_success", Map.of("target", demo.nodeAddress(), "mode", "pgwire")), login.out());
            assertEquals(1, l.value("tls_doctor_probe_outcome", Map.of("target", demo.nodeAddress(), "mode", "pgwire", "outcome", "sql-auth-failed")), login.out());
            assertEquals(1, l.value("tls_doctor_probe_success", Map.of("target", demo.nodeAddress(), "mode", "tls")), login.out());

            Cli.Result plain = Cli.run("check", "--certs-dir", certs, "--format", "prometheus");
            assertTrue(PrometheusText.parse(plain.out()).named("tls_doctor_ocsp_status").isEmpty(), "no OCSP series without --ocsp");
        }
    }

    @Test
    void autoModeLeavesOutTheModeADirectTlsPortDoesNotSpeak(@TempDir Path dir) {
        try (Fleet f = Fleet.start(dir)) {
            Cli.Result r = Cli.run("probe", f.node().target(), "--ca", f.ca().toString(), "--timeout", FAST, "--format", "prometheus");
            PrometheusText.Exposition e = PrometheusText.parse(r.out());
            assertEquals(1, e.value("tls_doctor_probe_success", Map.of("target", f.node().target(), "mode", "tls")), r.out());
            assertEquals(1, e.named("tls_doctor_probe_success").size(), "no pgwire series: s_server speaks only direct TLS\n" + r.out());
            assertEquals(0, r.exitCode(), "the pgwire failure is informational\n" + r.out() + r.err());

            Cli.Result down = Cli.run("probe", f.dead(), "--timeout", FAST, "--format", "prometheus");
            assertEquals(2, PrometheusText.parse(down.out()).named("tls_doctor_probe_success").size(), "a dead port fails in both modes\n" + down.out());
        }
    }

    @Test
    void ocspThatCannotCheckStillPrintsMonitoringOutput(@TempDir Path dir) {
        Cli.Result r = Cli.run("ocsp", dir.resolve("missing.crt").toString(), "--format", "prometheus");
        assertEquals(3, r.exitCode());
        PrometheusText.Exposition e = PrometheusText.parse(r.out());
        assertEquals(0, e.value("tls_doctor_up", Map.of()));
        assertEquals(3, e.value("tls_doctor_status", Map.of()));
    }
}
