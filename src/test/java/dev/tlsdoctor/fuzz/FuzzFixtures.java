package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.report.CertSummary;
import dev.tlsdoctor.report.JsonReport;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.report.TextReport;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.checks.AllChecks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the fuzz targets share: the test PKI their seeds were made with ({@code pki/} beside the
 * inputs, written by {@link SeedCorpus}), a scratch directory for input files, and the rule engine
 * with the shipped rules, so each input goes on through the checks and the report as in a real run.
 */
final class FuzzFixtures {
    /** The moment rules judge at: inside the test PKI's validity, and fixed, so an input behaves the same every run. */
    static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");
    static final RunSettings SETTINGS = new RunSettings(AT, null, null, PrincipalMap.NONE, false, -1);
    static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.load(List.of()), AllChecks.ALL);

    private static final Path SCRATCH = createScratchDirectory();

    static {
        // BouncyCastle's provider, which reads the certificates the JDK refuses, loads hundreds of classes once: seconds
        // under Jazzer's instrumentation, which must not be charged to the first input that needs it (a false timeout)
        try {
            dev.tlsdoctor.certs.CertParser.parse(Path.of("warm-up.der"), dev.tlsdoctor.testing.OddCertificates.der(
                    dev.tlsdoctor.testing.OddCertificates.Oddity.EMPTY_ISSUER, "warm-up", dev.tlsdoctor.pki.Pki.ca("Warm-up CA").build()),
                    dev.tlsdoctor.certs.Passwords.none());
        } catch (dev.tlsdoctor.certs.BadFileException e) {
            throw new IllegalStateException("BouncyCastle reads a certificate with an empty issuer", e);
        }
    }

    private FuzzFixtures() {}

    /** A certificate of the test PKI: ca.crt, node.crt (RSA, its key among the key seeds), client-ec.crt (EC). */
    static X509Certificate pkiCert(String name) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pkiPem(name)));
        } catch (CertificateException e) {
            throw new IllegalStateException("pki/" + name + ": " + e.getMessage(), e);
        }
    }

    static byte[] pkiPem(String name) {
        try (InputStream in = FuzzFixtures.class.getResourceAsStream("pki/" + name)) {
            if (in == null) {
                throw new IllegalStateException("pki/" + name + " missing: run .ci/fuzz seeds");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String scratchDirectory() {
        return SCRATCH.toString();
    }

    /** Writes {@code bytes} to {@code name} in the scratch directory (replacing what was there) and returns its path. */
    static Path scratchFile(String name, byte[] bytes) {
        try {
            Path file = SCRATCH.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jazzer reports any network connection as a finding unless allowed: the targets that play a peer talk to 127.0.0.1 only. */
    static void allowLoopbackConnections() {
        BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    }

    static List<Finding> findings(List<? extends Evidence> evidence) {
        return ENGINE.run(evidence, SETTINGS);
    }

    /** The findings, each checked against the contract, and the report as the user would see it (text and JSON). */
    static String checkedReport(List<Evidence> evidence, KeyMaterial keys) {
        List<Finding> findings = findings(evidence);
        for (Finding f : findings) {
            FuzzContract.oneLine("finding " + f.rule() + " message", f.message());
            FuzzContract.oneLine("finding " + f.rule() + " subject", f.subject());
            keys.assertAbsentFrom("finding " + f.rule(), f.message() + "\n" + f.fix());
        }
        Report report = Report.of(findings, CertSummary.inventory(evidence, AT));
        String rendered = new TextReport(false).render(report) + JsonReport.render(report);
        keys.assertAbsentFrom("the report", rendered);
        return rendered;
    }

    private static Path createScratchDirectory() {
        try {
            Path dir = Files.createTempDirectory("tls-doctor-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it up eventually
        }
    }
}
