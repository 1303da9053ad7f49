package dev.tlsdoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.NagiosOutput;
import dev.tlsdoctor.testing.PrometheusText;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check --format nagios|prometheus: valid by the formats' grammars, with the right numbers and exit codes. */
class MonitoringFormatsTest {
    private static final int RULES = (int) dev.tlsdoctor.rules.RuleCatalog.load(java.util.List.of()).all().stream().filter(r -> r.isEnabled()).count();

    @Test
    void prometheusForAHealthyDirectory(@TempDir Path dir) {
        CertsDirs.healthyNode(dir);
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--format", "prometheus");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        PrometheusText.Exposition e = PrometheusText.parse(r.out());
        assertEquals(1, e.value("tls_doctor_up", Map.of()));
        assertEquals(1, e.value("tls_doctor_check_success", Map.of()));
        assertEquals(0, e.value("tls_doctor_status", Map.of()));
        assertEquals(3, e.named("tls_doctor_certificate_expires_in_seconds").size());
        Map<String, String> node = Map.of("file", dir.resolve("node.crt").toString(), "role", "Node", "subject", "CN=node,O=Cockroach");
        assertTrue(e.value("tls_doctor_certificate_expires_in_seconds", node) > 300 * 86_400);
        assertTrue(e.value("tls_doctor_certificate_expiry_timestamp_seconds", node) > System.currentTimeMillis() / 1000);
        // every rule and severity has a series, 0 when nothing was found, so none vanishes when a problem is fixed
        assertEquals(RULES * 3, e.named("tls_doctor_findings").size());
        assertTrue(e.named("tls_doctor_findings").stream().allMatch(s -> s.value() == 0));
        for (String family : e.types().keySet()) {
            assertEquals("gauge", e.types().get(family));
            assertFalse(e.help().get(family).isBlank());
        }
    }

    @Test
    void prometheusKeepsTheExpiredCertificatesMetrics(@TempDir Path dir) throws Exception {
        Pki.Issued ca = CertsDirs.healthyNode(dir);
        Pki.Issued expired = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().validity(Duration.ofDays(-400), Duration.ofDays(390)).build();
        expired.writeTo(dir, "node");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--format", "prometheus");
        assertEquals(2, r.exitCode());
        PrometheusText.Exposition e = PrometheusText.parse(r.out());
        Map<String, String> node = Map.of("file", dir.resolve("node.crt").toString());
        long secondsLeft = expired.cert().getNotAfter().getTime() / 1000 - System.currentTimeMillis() / 1000;
        assertEquals(secondsLeft, e.value("tls_doctor_certificate_expires_in_seconds", node), 60);
        assertTrue(e.value("tls_doctor_certificate_expires_in_seconds", node) < -9 * 86_400);
        assertEquals(expired.cert().getNotAfter().getTime() / 1000, e.value("tls_doctor_certificate_expiry_timestamp_seconds", node));
        assertEquals(1, e.value("tls_doctor_findings", Map.of("rule", "expired", "severity", "error")));
        assertEquals(0, e.value("tls_doctor_check_success", Map.of()));
        assertEquals(2, e.value("tls_doctor_status", Map.of()));
        assertEquals(1, e.value("tls_doctor_up", Map.of()));
    }

    /**
     * Days are counted one way in every output: complete days, rounded toward zero. Before, a certificate
     * that expired 10.5 days ago was -11 in Nagios and JSON but "10 days ago" in the text.
     */
    @Test
    void everyOutputCountsTheSameDays(@TempDir Path dir) throws Exception {
        Pki.Issued ca = CertsDirs.healthyNode(dir);
        Pki.Issued node = ca.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-100), Duration.ofDays(90)).build();
        node.writeTo(dir, "node");
        java.time.Instant notAfter = node.cert().getNotAfter().toInstant();
        String expiredTenAndAHalfDays = notAfter.plus(Duration.ofHours(10 * 24 + 12)).toString();
        String[] check = {"check", "--certs-dir", dir.toString(), "--at", expiredTenAndAHalfDays};

        NagiosOutput.Parsed nagios = NagiosOutput.parse(Cli.run(concat(check, "--format", "nagios")).out());
        assertEquals(-10, nagios.perf("days_node.crt").value());
        assertTrue(nagios.text().contains("first to expire " + dir.resolve("node.crt") + " (expired 10 days ago)"), nagios.text());
        Cli.Result json = Cli.run(concat(check, "--format", "json"));
        assertEquals(-10, json.json().path("certificates").findValues("days_left").stream()
                .mapToLong(v -> v.asLong()).min().orElseThrow(), json.out());
        String text = Cli.run(check).out();
        assertTrue(text.contains("(expired 10 days ago)"), text);
        assertTrue(text.contains("expired on " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(java.time.ZoneOffset.UTC).format(notAfter)), text);
        assertTrue(text.contains(" (10 days ago)"), "the expired rule's message: " + text);
        double seconds = PrometheusText.parse(Cli.run(concat(check, "--format", "prometheus")).out())
                .value("tls_doctor_certificate_expires_in_seconds", Map.of("file", dir.resolve("node.crt").toString()));
        assertEquals(-(10 * 86_400 + 12 * 3600), seconds);

        // within a day of notAfter the days are 0 either side; the words still tell expired from not
        String justExpired = Cli.run("check", "--certs-dir", dir.toString(), "--at", notAfter.plusSeconds(3600).toString()).out();
        assertTrue(justExpired.contains("(expired less than a day ago)"), justExpired);
        String lastDay = Cli.run("check", "--certs-dir", dir.toString(), "--at", notAfter.minusSeconds(3600).toString()).out();
        assertTrue(lastDay.contains("(less than a day left)"), lastDay);

        Path old = ca.issue("old").validity(Duration.ofDays(-100), Duration.ofHours(100 * 24 - (10 * 24 + 12))).build().writeCert(dir.resolve("old.pem"));
        String inspect = Cli.run("inspect", old.toString()).out(); // inspect judges as of now
        assertTrue(inspect.contains("(EXPIRED 10 days ago)"), inspect);
    }

    private static String[] concat(String[] args, String... more) {
        String[] out = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, out, args.length, more.length);
        return out;
    }

    @Test
    void prometheusWhenNothingCouldBeChecked(@TempDir Path dir) {
        Cli.Result r = Cli.run("check", "--certs-dir", dir.resolve("missing").toString(), "--format", "prometheus");
        assertEquals(3, r.exitCode());
        PrometheusText.Exposition e = PrometheusText.parse(r.out());
        assertEquals(0, e.value("tls_doctor_up", Map.of()));
        assertEquals(1, e.value("tls_doctor_check_error_info", Map.of("reason", dir.resolve("missing") + ": no such certs directory")));
        assertEquals(3, e.value("tls_doctor_status", Map.of()));
        assertEquals(0, e.value("tls_doctor_check_success", Map.of()));
        assertEquals(1, r.err().lines().count(), r.err());

        Cli.Result badRules = Cli.run("check", "--certs-dir", dir.toString(), "--rules", dir.resolve("no-rules").toString(), "--format", "prometheus");
        assertEquals(3, badRules.exitCode());
        assertEquals(0, PrometheusText.parse(badRules.out()).named("tls_doctor_up").get(0).value());
    }

    @Test
    void prometheusLabelValuesAreEscaped(@TempDir Path dir) {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        Path odd = dir.resolve("we\"ird\\name.crt");
        ca.issue("odd").build().writeCert(odd);
        Cli.Result r = Cli.run("check", odd.toString(), "--ca", ca.writeCert(dir.resolve("ca.crt")).toString(), "--format", "prometheus");
        PrometheusText.Exposition e = PrometheusText.parse(r.out());
        PrometheusText.Sample sample = e.named("tls_doctor_certificate_expires_in_seconds").stream()
                .filter(s -> s.labels().get("file").equals(odd.toString())).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(sample.labels().get("subject").startsWith("CN=odd"), sample.toString());
    }

    @Test
    void theTestGrammarRejectsBrokenExpositions() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a{b=\"c\"} 1\nx 1\na{b=\"d\"} 2\n")); // family split
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a{b=\"c\\q\"} 1\n")); // bad escape
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a 1\na 2\n")); // same series twice
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("a one\n"));
        // a series that gains a label when its value changes is another series: its history breaks
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.grammar("p{t=\"a\"} 1\np{t=\"b\",reason=\"timeout\"} 0\n"));
        // promtool's linter: the days_left gauge of earlier versions was not in base units
        PrometheusText.grammar("# HELP tls_doctor_certificate_days_left Days.\n# TYPE tls_doctor_certificate_days_left gauge\ntls_doctor_certificate_days_left 3\n");
        assertThrows(AssertionError.class, () -> PrometheusText.parse(
                "# HELP tls_doctor_certificate_days_left Days.\n# TYPE tls_doctor_certificate_days_left gauge\ntls_doctor_certificate_days_left 3\n"));
        assertThrows(IllegalArgumentException.class, () -> NagiosOutput.parse("TLS-DOCTOR OK - fine | days=5d;30;7\n")); // d is not a unit
        assertThrows(IllegalArgumentException.class, () -> NagiosOutput.parse("TLS-DOCTOR OK - fine\nlong | line\n"));
    }

    @Test
    void nagiosOkWithDaysLeftPerCertificate(@TempDir Path dir) {
        CertsDirs.healthyNode(dir);
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--format", "nagios");
        assertEquals(0, r.exitCode());
        NagiosOutput.Parsed n = NagiosOutput.parse(r.out());
        assertEquals("TLS-DOCTOR", n.service());
        assertEquals("OK", n.state());
        assertTrue(n.text().contains("3 certificates"), n.text());
        NagiosOutput.Perf node = n.perf("days_node.crt");
        assertTrue(node.value() > 300);
        assertEquals("", node.unit(), "days are a plain number: the guidelines have no unit for them");
        assertEquals("30:", node.warn(), "alert when fewer than 30 days are left");
        assertEquals("7:", node.crit());
        assertEquals(3, n.perf().size());
        assertTrue(n.longOutput().isEmpty());
    }

    @Test
    void nagiosThresholdsFromOptionsOrRuleOverrides(@TempDir Path dir) throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        CertsDirs.healthyNode(certs);
        NagiosOutput.Perf p = NagiosOutput.parse(Cli.run("check", "--certs-dir", certs.toString(), "--format", "nagios", "--warn-days", "45", "--crit-days", "10").out())
                .perf("days_ca.crt");
        assertEquals("45:", p.warn());
        assertEquals("10:", p.crit());
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("expiring-soon.yaml"), "id: expiring-soon\nparameters:\n  warn-days: 60\n");
        p = NagiosOutput.parse(Cli.run("check", "--certs-dir", certs.toString(), "--format", "nagios", "--rules", rules.toString()).out()).perf("days_ca.crt");
        assertEquals("60:", p.warn());
        assertEquals("7:", p.crit());
    }

    @Test
    void nagiosWarningAndCriticalWithLongOutput(@TempDir Path dir) {
        Pki.Issued ca = CertsDirs.healthyNode(dir);
        ca.issue("root").clientAuth().validity(Duration.ofDays(-1), Duration.ofDays(20)).build().writeTo(dir, "client.root");
        Cli.Result warning = Cli.run("check", "--certs-dir", dir.toString(), "--format", "nagios");
        assertEquals(1, warning.exitCode(), warning.out());
        NagiosOutput.Parsed w = NagiosOutput.parse(warning.out());
        assertEquals("WARNING", w.state());
        assertTrue(w.text().contains("1 warning (expiring-soon)"), w.text());
        assertTrue(w.longOutput().get(0).startsWith("WARNING expiring-soon: " + dir.resolve("client.root.crt")), w.longOutput().toString());

        ca.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-30), Duration.ofDays(10)).build().writeTo(dir, "node");
        Cli.Result critical = Cli.run("check", "--certs-dir", dir.toString(), "--format", "nagios");
        assertEquals(2, critical.exitCode());
        NagiosOutput.Parsed c = NagiosOutput.parse(critical.out());
        assertEquals("CRITICAL", c.state());
        assertTrue(c.text().startsWith("1 error (expired), 1 warning (expiring-soon)"), c.text());
        assertTrue(c.perf("days_node.crt").value() < 0);
        assertTrue(c.longOutput().stream().anyMatch(l -> l.startsWith("ERROR expired: " + dir.resolve("node.crt"))), c.longOutput().toString());
        assertTrue(c.longOutput().stream().anyMatch(l -> l.contains("cockroach cert create-node")), "the fix is in the long output");
    }

    @Test
    void nagiosQuotesOddLabelsAndKeepsPipesOutOfTheText(@TempDir Path dir) {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        Path odd = dir.resolve("it's|old.crt");
        ca.issue("odd").validity(Duration.ofDays(-400), Duration.ofDays(390)).build().writeCert(odd);
        Cli.Result r = Cli.run("check", odd.toString(), "--ca", ca.writeCert(dir.resolve("ca.crt")).toString(), "--format", "nagios");
        assertEquals(2, r.exitCode());
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("'days_it''s_old.crt'="), r.out());
        NagiosOutput.Parsed n = NagiosOutput.parse(r.out());
        assertTrue(n.perf("days_it's_old.crt").value() < 0);
    }

    @Test
    void nagiosNeverPrintsAPipedFixMangled() {
        String secrets = Path.of("samples/kubernetes/broken/secrets.yaml").toString();
        Cli.Result text = Cli.run("check", "--k8s-secret", secrets);
        assertTrue(text.out().contains("--dry-run=client -o yaml | kubectl apply -f -"), "the sample's fixes pipe kubectl into kubectl: " + text.out());

        Cli.Result r = Cli.run("check", "--k8s-secret", secrets, "--format", "nagios");
        assertEquals(text.exitCode(), r.exitCode(), r.all());
        NagiosOutput.Parsed n = NagiosOutput.parse(r.out());
        assertTrue(n.longOutput().stream().noneMatch(l -> l.contains("kubectl apply")), "a piped command written as something else: " + n.longOutput());
        assertTrue(n.longOutput().stream().anyMatch(l -> l.contains("run the same check with --format text")), n.longOutput().toString());
    }

    @Test
    void nagiosUnknownWhenNothingCouldBeChecked(@TempDir Path dir) {
        Cli.Result r = Cli.run("check", "--certs-dir", dir.resolve("missing").toString(), "--format", "nagios");
        assertEquals(3, r.exitCode());
        NagiosOutput.Parsed n = NagiosOutput.parse(r.out());
        assertEquals("UNKNOWN", n.state());
        assertEquals(dir.resolve("missing") + ": no such certs directory", n.text());
        assertEquals("tls-doctor: " + dir.resolve("missing") + ": no such certs directory", r.err().strip());
    }

    @Test
    void monitoringFormatsAreRefusedByCommandsWithoutThem() {
        Cli.Result r = Cli.run("rules", "--format", "nagios");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().contains("--format nagios is not available"), r.err());
    }
}
