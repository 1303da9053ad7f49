package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.demo.Pki;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever the JDK's own RFC 5280 validator rejects, tls-doctor never calls OK: each broken chain is
 * first shown to fail {@link CertPathValidator}, then checked as a single file and as a certs directory.
 */
class PkixAgreementTest {
    private static final Pki.Issued ROOT = Pki.ca("Cockroach CA").build();

    /** A leaf (first) with the intermediates above it, all to be verified against {@link #ROOT}. */
    record Chain(X509Certificate leaf, List<X509Certificate> intermediates) {}

    enum Broken {
        WRONG_SIGNER_KEY_SAME_CA_NAME(() -> new Chain(Pki.ca("Cockroach CA").build().issue("node").sans("localhost").serverAndClient().build().cert(), List.of())),
        EXPIRED_INTERMEDIATE(() -> {
            Pki.Issued im = ROOT.issue("Intermediate CA").ca().pathLen(0).validity(Duration.ofDays(-400), Duration.ofDays(365)).build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-390), Duration.ofDays(800)).build().cert(), List.of(im.cert()));
        }),
        INTERMEDIATE_WITHOUT_CA_TRUE(() -> {
            Pki.Issued im = ROOT.issue("Intermediate CA").notCa().keyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature).build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().build().cert(), List.of(im.cert()));
        }),
        INTERMEDIATE_BELOW_PATHLEN_ZERO(() -> {
            Pki.Issued first = ROOT.issue("Intermediate CA 1").ca().pathLen(0).build();
            Pki.Issued second = first.issue("Intermediate CA 2").ca().pathLen(0).build();
            return new Chain(second.issue("node").sans("localhost").serverAndClient().build().cert(), List.of(second.cert(), first.cert()));
        }),
        LEAF_SIGNED_BY_A_LEAF(() -> {
            Pki.Issued signer = ROOT.issue("server1").sans("localhost").serverAndClient().build();
            return new Chain(signer.issue("node").sans("localhost").serverAndClient().build().cert(), List.of(signer.cert()));
        }),
        INTERMEDIATE_WITHOUT_KEY_CERT_SIGN(() -> {
            Pki.Issued im = ROOT.issue("Intermediate CA").ca().pathLen(0).keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign).build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().build().cert(), List.of(im.cert()));
        }),
        INTERMEDIATE_SIGNED_BY_ANOTHER_KEY(() -> {
            Pki.Issued impostor = Pki.ca("Cockroach CA").build();
            Pki.Issued im = impostor.issue("Intermediate CA").ca().pathLen(0).build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().build().cert(), List.of(im.cert()));
        }),
        MD5_SIGNATURE(() -> new Chain(ROOT.issue("node").sans("localhost").serverAndClient().signatureAlgorithm("MD5withRSA").build().cert(), List.of())),
        EXPIRED_LEAF(() -> new Chain(ROOT.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-10), Duration.ofDays(5)).build().cert(), List.of())),
        NOT_YET_VALID_LEAF(() -> new Chain(ROOT.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(2), Duration.ofDays(5)).build().cert(), List.of()));

        private final Supplier<Chain> make;

        Broken(Supplier<Chain> make) {
            this.make = make;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Broken.class)
    void chainTheJdkRejectsIsNeverOk(Broken broken) throws Exception {
        Chain chain = broken.make.get();
        assertThrows(CertPathValidatorException.class, () -> jdkValidate(chain), "the JDK accepts this chain: not a broken case");

        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Path leaf = Pki.write(dir.resolve("leaf.pem"), pems(chain));
        Cli.Result single = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", "localhost", "--format", "json");
        assertEquals(2, single.exitCode(), single.all());
        assertTrue(hasError(single.json(), leaf.toString()), single.all());

        Path certs = dir.resolve("certs");
        ROOT.writeCert(certs.resolve("ca.crt"));
        Path node = Pki.write(certs.resolve("node.crt"), pems(chain));
        Cli.Result inDir = Cli.run("check", "--certs-dir", certs.toString(), "--host", "localhost", "--format", "json");
        assertEquals(2, inDir.exitCode(), inDir.all());
        assertTrue(hasError(inDir.json(), node.toString()), inDir.all());
    }

    @Test
    void soundChainIsAcceptedByBoth() throws Exception {
        Pki.Issued im = ROOT.issue("Intermediate CA").ca().pathLen(0).build();
        Chain chain = new Chain(im.issue("node").sans("localhost").serverAndClient().build().cert(), List.of(im.cert()));
        jdkValidate(chain);
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Path leaf = Pki.write(dir.resolve("leaf.pem"), pems(chain));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", "localhost");
        assertEquals(0, r.exitCode(), r.all());
    }

    /** Go and OpenSSL check the root's own validity; the JDK trusts the anchor as given, so this is ours to catch. */
    @Test
    void expiredRootIsNotOkEither() {
        Pki.Issued oldRoot = Pki.ca("Cockroach CA").validity(Duration.ofDays(-800), Duration.ofDays(700)).build();
        Path roots = oldRoot.writeCert(dir.resolve("roots.pem"));
        Path leaf = oldRoot.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-5), Duration.ofDays(50)).build().writeCert(dir.resolve("leaf.pem"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(hasError(r.json(), leaf.toString()), r.all());
    }

    private static void jdkValidate(Chain chain) throws Exception {
        List<X509Certificate> path = new ArrayList<>(List.of(chain.leaf()));
        path.addAll(chain.intermediates());
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ROOT.cert(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    }

    private static String pems(Chain chain) {
        StringBuilder out = new StringBuilder(Pki.pem(chain.leaf()));
        chain.intermediates().forEach(c -> out.append(Pki.pem(c)));
        return out.toString();
    }

    private static boolean hasError(JsonNode report, String subject) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("subject").asText().equals(subject) && f.path("severity").asText().equals("error")) {
                return true;
            }
        }
        return false;
    }
}
