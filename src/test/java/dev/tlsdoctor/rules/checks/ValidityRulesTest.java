package dev.tlsdoctor.rules.checks;

import static dev.tlsdoctor.testing.Doctor.contains;
import static dev.tlsdoctor.testing.Doctor.none;
import static dev.tlsdoctor.testing.Doctor.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Doctor;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** expired, not-yet-valid, expiring-soon and CA-outlived, including CA rotation bundles and --at. */
class ValidityRulesTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;


    @Test
    void expiredNodeCertificate() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost", "127.0.0.1").serverAndClient().validity(Duration.ofDays(-400), Duration.ofDays(365)).build().writeTo(dir, "node");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "expired", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "the certificate 'CN=node,O=Cockroach' expired on ", "(35 days ago)");
        contains(f.fix(), "cockroach cert create-node localhost 127.0.0.1 --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite",
                "kill -HUP");
        none(findings, "expiring-soon");
        none(findings, "unknown-authority"); // the chain is otherwise sound: one finding, the right one
    }

    @Test
    void expiredCaBreaksEveryCertificateItSigned() {
        Pki.Issued oldCa = Pki.ca("Cockroach CA").validity(Duration.ofDays(-3000), Duration.ofDays(2990)).build();
        oldCa.writeCert(dir.resolve("ca.crt"));
        oldCa.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-3000), Duration.ofDays(2980)).build().writeTo(dir, "node");
        oldCa.issue("root").clientAuth().validity(Duration.ofDays(-20), Duration.ofDays(400)).build().writeTo(dir, "client.root");
        List<Finding> findings = Doctor.dir(dir);
        Finding caFinding = findingFor(findings, "expired", "ca.crt");
        assertEquals(Severity.ERROR, caFinding.severity());
        Finding client = findingFor(findings, "expired", "client.root.crt");
        assertEquals(Severity.ERROR, client.severity());
        contains(client.message(), "it is signed by CA 'CN=Cockroach CA,O=Cockroach' in ca.crt, which expired on", "so it no longer verifies as a client certificate");
    }

    @Test
    void expiredCaBesideAValidOneInARotationBundleIsAWarning() {
        Pki.Issued oldCa = Pki.ca("Cockroach CA").validity(Duration.ofDays(-3000), Duration.ofDays(2990)).build();
        Pki.Issued newCa = Pki.ca("Cockroach CA").build();
        Pki.write(dir.resolve("ca.crt"), newCa.certPem() + oldCa.certPem());
        newCa.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        newCa.issue("root").clientAuth().build().writeTo(dir, "client.root");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "expired", Severity.WARNING, dir.resolve("ca.crt"));
        contains(f.message(), "certificate #2 'CN=Cockroach CA,O=Cockroach' expired on", "another CA in the bundle is still valid");
        assertEquals(1, findings.size(), Doctor.describe(findings));
    }

    @Test
    void leafSignedByEitherCaOfARotationBundleIsFine() {
        Pki.Issued oldCa = Pki.ca("Cockroach CA").build();
        Pki.Issued newCa = Pki.ca("Cockroach CA").build();
        Pki.write(dir.resolve("ca.crt"), newCa.certPem() + oldCa.certPem());
        oldCa.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        newCa.issue("root").clientAuth().build().writeTo(dir, "client.root");
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }

    /** cockroach's documented CA rotation re-issues the CA with the same key; a bundle in either order must work. */
    @Test
    void renewedCaWithTheSameKeyIsFineInEitherOrder() {
        Pki.Issued oldCa = Pki.ca("Cockroach CA").validity(Duration.ofDays(-3000), Duration.ofDays(2990)).build();
        Pki.Issued renewed = Pki.ca("Cockroach CA").keyPair(oldCa.keyPair()).build();
        renewed.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        renewed.issue("root").clientAuth().build().writeTo(dir, "client.root");
        for (String bundle : List.of(renewed.certPem() + oldCa.certPem(), oldCa.certPem() + renewed.certPem())) {
            Pki.write(dir.resolve("ca.crt"), bundle);
            List<Finding> findings = Doctor.dir(dir);
            only(findings, "expired", Severity.WARNING, dir.resolve("ca.crt"));
            assertEquals(1, findings.size(), Doctor.describe(findings));
        }
    }

    @Test
    void leafSignedByTheExpiredCaOfARotationBundle() {
        Pki.Issued oldCa = Pki.ca("Cockroach CA").validity(Duration.ofDays(-3000), Duration.ofDays(2990)).build();
        Pki.Issued newCa = Pki.ca("Cockroach CA").build();
        Pki.write(dir.resolve("ca.crt"), newCa.certPem() + oldCa.certPem());
        newCa.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        oldCa.issue("root").clientAuth().validity(Duration.ofDays(-30), Duration.ofDays(365)).build().writeTo(dir, "client.root");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = findingFor(findings, "expired", "client.root.crt");
        assertEquals(Severity.ERROR, f.severity());
        contains(f.message(), "which expired on");
        none(findings, "unknown-authority");
    }

    @Test
    void atMomentMakesEverythingExpired() {
        CertsDirs.healthyNode(dir, CA);
        RunSettings in2040 = Doctor.at(LocalDate.parse("2040-01-01").atStartOfDay().toInstant(ZoneOffset.UTC));
        List<Finding> findings = Doctor.dir(dir, in2040, List.of(), null);
        for (String file : List.of("ca.crt", "node.crt", "client.root.crt")) {
            assertEquals(Severity.ERROR, findingFor(findings, "expired", file).severity());
        }
        none(findings, "expiring-soon");
    }

    @Test
    void notYetValidCertificate() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(3).plusHours(1), Duration.ofDays(365)).build().writeTo(dir, "node");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "not-yet-valid", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "the certificate 'CN=node,O=Cockroach' is not valid until", "(3 days from now)");
        contains(f.fix(), "Check the clocks first", "cockroach cert create-node localhost --certs-dir=" + dir);
        none(findings, "expired");
        none(findings, "unknown-authority");
    }

    @Test
    void notYetValidCa() {
        Pki.Issued futureCa = Pki.ca("Cockroach CA").validity(Duration.ofHours(5), Duration.ofDays(3650)).build();
        CertsDirs.healthyNode(dir, futureCa);
        List<Finding> findings = Doctor.dir(dir);
        assertEquals(Severity.ERROR, findingFor(findings, "not-yet-valid", "ca.crt").severity());
        contains(findingFor(findings, "not-yet-valid", "node.crt").message(), "its CA 'CN=Cockroach CA,O=Cockroach' is not valid until");
    }

    @Test
    void expiringSoonUsesTheRuleThresholds() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").clientAuth().validity(Duration.ofDays(-1), Duration.ofDays(21)).build().writeTo(dir, "client.root");
        CA.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-1), Duration.ofDays(5)).build().writeTo(dir, "node");
        List<Finding> findings = Doctor.dir(dir);
        Finding warn = only(Doctor.of(findings, "expiring-soon").stream().filter(f -> f.subject().endsWith("client.root.crt")).toList(),
                "expiring-soon", Severity.WARNING, dir.resolve("client.root.crt"));
        contains(warn.message(), "expires on", "in 19 days (warning threshold 30 days)");
        contains(warn.fix(), "cockroach cert create-client root --certs-dir=" + dir, "kill -HUP");
        Finding crit = findingFor(findings, "expiring-soon", "node.crt");
        assertEquals(Severity.ERROR, crit.severity());
        contains(crit.message(), "in 3 days (critical threshold 7 days)");
    }

    @Test
    void expiringSoonThresholdsFromTheCommandLine() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").clientAuth().validity(Duration.ofDays(-1), Duration.ofDays(21)).build().writeTo(dir, "client.root");
        none(Doctor.dir(dir, thresholds(10, 5), List.of(), null), "expiring-soon");
        Finding f = only(Doctor.dir(dir, thresholds(90, 30), List.of(), null), "expiring-soon", Severity.ERROR, dir.resolve("client.root.crt"));
        contains(f.message(), "in 19 days (critical threshold 30 days)");
        Finding w = only(Doctor.dir(dir, thresholds(20, null), List.of(), null), "expiring-soon", Severity.WARNING, dir.resolve("client.root.crt"));
        contains(w.message(), "(warning threshold 20 days)");
    }

    @Test
    void atMomentShiftsExpiringSoon() {
        CertsDirs.healthyNode(dir, CA);
        RunSettings tenDaysBefore = Doctor.at(notAfterOf(dir.resolve("node.crt")).minus(Duration.ofDays(10)).minusSeconds(60));
        Finding f = findingFor(Doctor.dir(dir, tenDaysBefore, List.of(), null), "expiring-soon", "node.crt");
        assertEquals(Severity.WARNING, f.severity());
        contains(f.message(), "in 10 days (warning threshold 30 days)");
    }

    @Test
    void certificateThatOutlivesItsCa() {
        Pki.Issued shortCa = Pki.ca("Cockroach CA").validity(Duration.ofDays(-1), Duration.ofDays(365)).build();
        CertsDirs.healthyNode(dir, shortCa);
        List<Finding> findings = Doctor.dir(dir);
        Finding f = findingFor(findings, "ca-outlived", "node.crt");
        assertEquals(Severity.WARNING, f.severity());
        contains(f.message(), "is valid until", "but its CA 'CN=Cockroach CA,O=Cockroach' expires on", "from then on it no longer verifies");
        contains(f.fix(), "Renew the CA certificate before it expires, keeping its key and name, so that " + dir.resolve("node.crt"),
                "cockroach cert create-ca --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --allow-ca-key-reuse --overwrite",
                "openssl req -x509 -new -key \"$HOME\"/my-safe-directory/ca.key -days 3660");
        assertEquals(2, Doctor.of(findings, "ca-outlived").size(), Doctor.describe(findings)); // node.crt and client.root.crt
    }

    @Test
    void caOutlivedIsNotReportedOnceTheCaHasExpired() {
        Pki.Issued shortCa = Pki.ca("Cockroach CA").validity(Duration.ofDays(-400), Duration.ofDays(365)).build();
        shortCa.writeCert(dir.resolve("ca.crt"));
        shortCa.issue("root").clientAuth().build().writeTo(dir, "client.root");
        List<Finding> findings = Doctor.dir(dir);
        none(findings, "ca-outlived");
        findingFor(findings, "expired", "client.root.crt");
    }

    private static RunSettings thresholds(Integer warn, Integer crit) {
        return new RunSettings(Instant.now(), warn, crit, PrincipalMap.NONE, false, Doctor.processGid());
    }

    private static Instant notAfterOf(Path crt) {
        try {
            return dev.tlsdoctor.certs.CertParser.parse(crt, java.nio.file.Files.readAllBytes(crt)).certs().get(0).getNotAfter().toInstant();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Finding findingFor(List<Finding> findings, String rule, String file) {
        List<Finding> matching = Doctor.of(findings, rule).stream().filter(f -> f.subject().equals(dir.resolve(file).toString())).toList();
        assertTrue(!matching.isEmpty(), () -> "no '" + rule + "' finding for " + file + " in:\n" + Doctor.describe(findings));
        return matching.get(0);
    }
}
