package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.FakeServer;
import dev.tlsdoctor.testing.TlsPeer;
import dev.tlsdoctor.pki.Pki;
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
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever the JDK's own RFC 5280 validator rejects, tls-doctor never calls OK: each broken chain is
 * first shown to fail {@link CertPathValidator}, then checked as a single file, as a certs directory, in a
 * tree ({@code check --recursive}) and as the chain a TLS server presents ({@code probe}).
 */
class PkixAgreementTest {
    private static final Pki.Issued ROOT = Pki.ca("Cockroach CA").build();

    /** A leaf (first, with its key, so that a server can present it) with the intermediates above it, all to be verified against {@link #ROOT}. */
    record Chain(Pki.Issued leaf, List<X509Certificate> intermediates) {
        List<X509Certificate> served() {
            List<X509Certificate> all = new ArrayList<>(List.of(leaf.cert()));
            all.addAll(intermediates);
            return all;
        }
    }

    enum Broken {
        WRONG_SIGNER_KEY_SAME_CA_NAME(() -> new Chain(Pki.ca("Cockroach CA").build().issue("node").sans("localhost").serverAndClient().build(), List.of())),
        EXPIRED_INTERMEDIATE(() -> {
            Pki.Issued im = ROOT.issue("Intermediate CA").ca().pathLen(0).validity(Duration.ofDays(-400), Duration.ofDays(365)).build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-390), Duration.ofDays(800)).build(), List.of(im.cert()));
        }),
        INTERMEDIATE_WITHOUT_CA_TRUE(() -> {
            Pki.Issued im = ROOT.issue("Intermediate CA").notCa().keyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature).build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().build(), List.of(im.cert()));
        }),
        INTERMEDIATE_BELOW_PATHLEN_ZERO(() -> {
            Pki.Issued first = ROOT.issue("Intermediate CA 1").ca().pathLen(0).build();
            Pki.Issued second = first.issue("Intermediate CA 2").ca().pathLen(0).build();
            return new Chain(second.issue("node").sans("localhost").serverAndClient().build(), List.of(second.cert(), first.cert()));
        }),
        LEAF_SIGNED_BY_A_LEAF(() -> {
            Pki.Issued signer = ROOT.issue("server1").sans("localhost").serverAndClient().build();
            return new Chain(signer.issue("node").sans("localhost").serverAndClient().build(), List.of(signer.cert()));
        }),
        INTERMEDIATE_WITHOUT_KEY_CERT_SIGN(() -> {
            Pki.Issued im = ROOT.issue("Intermediate CA").ca().pathLen(0).keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign).build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().build(), List.of(im.cert()));
        }),
        INTERMEDIATE_SIGNED_BY_ANOTHER_KEY(() -> {
            Pki.Issued impostor = Pki.ca("Cockroach CA").build();
            Pki.Issued im = impostor.issue("Intermediate CA").ca().pathLen(0).build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().build(), List.of(im.cert()));
        }),
        MD5_SIGNATURE(() -> new Chain(ROOT.issue("node").sans("localhost").serverAndClient().signatureAlgorithm("MD5withRSA").build(), List.of())),
        EXPIRED_LEAF(() -> new Chain(ROOT.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-10), Duration.ofDays(5)).build(), List.of())),
        NAME_CONSTRAINTS_VIOLATED(() -> {
            Pki.Issued im = ROOT.issue("Intermediate CA").ca().pathLen(0).permittedDns("example.com").build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().build(), List.of(im.cert()));
        }),
        INTERMEDIATE_WITH_A_512_BIT_KEY(() -> {
            Pki.Issued im = ROOT.issue("Intermediate CA").ca().pathLen(0).key("RSA:512").build();
            return new Chain(im.issue("node").sans("localhost").serverAndClient().build(), List.of(im.cert()));
        }),
        TAMPERED_SIGNATURE(() -> new Chain(tampered(ROOT.issue("node").sans("localhost").serverAndClient().build()), List.of())),
        NOT_YET_VALID_LEAF(() -> new Chain(ROOT.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(2), Duration.ofDays(5)).build(), List.of()));

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
        assertErrorFor(leaf.toString(), Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", "localhost", "--format", "json"));

        Path certs = dir.resolve("certs");
        ROOT.writeCert(certs.resolve("ca.crt"));
        Path node = Pki.write(certs.resolve("node.crt"), pems(chain));
        assertErrorFor(node.toString(), Cli.run("check", "--certs-dir", certs.toString(), "--host", "localhost", "--format", "json"));

        // a tree holding the root and the chain: the root is trusted because it is in the tree, and still the chain fails
        Path tree = dir.resolve("tree");
        ROOT.writeCert(tree.resolve("pki/root.pem"));
        Path inTree = Pki.write(tree.resolve("servers/leaf.pem"), pems(chain));
        Cli.Result recursive = Cli.run("check", "--recursive", tree.toString(), "--host", "localhost", "--format", "json");
        assertErrorFor(inTree.toString(), recursive);
        assertEquals(2, recursive.json().path("corpus").path("certificate_files").asInt(), recursive.all());
    }

    /**
     * The probe's handshake takes whatever chain it is served (to see it whole); the verdict must still
     * be path validation's. The handshake succeeds, and the chain is not OK.
     */
    @ParameterizedTest
    @EnumSource(Broken.class)
    void servedChainTheJdkRejectsIsNeverOk(Broken broken) {
        Chain chain = broken.make.get();
        assertThrows(CertPathValidatorException.class, () -> jdkValidate(chain), "the JDK accepts this chain: not a broken case");
        Cli.Result r = probeServing(chain);
        JsonNode target = r.json().path("targets").get(0);
        assertEquals("ok", target.path("outcome").asText(), r.all());
        assertEquals(chain.served().size(), target.path("chain_length").asInt());
        assertErrorFor(target.path("target").asText() + " (tls)", r);
    }

    @Test
    void soundChainIsAcceptedByBoth() throws Exception {
        Pki.Issued im = ROOT.issue("Intermediate CA").ca().pathLen(0).build();
        Chain chain = new Chain(im.issue("node").sans("localhost").serverAndClient().build(), List.of(im.cert()));
        jdkValidate(chain);
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Path leaf = Pki.write(dir.resolve("leaf.pem"), pems(chain));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", "localhost");
        assertEquals(0, r.exitCode(), r.all());
        Cli.Result served = probeServing(chain);
        assertEquals(0, served.exitCode(), served.all());
        Cli.Result recursive = Cli.run("check", "--recursive", dir.toString(), "--host", "localhost");
        assertEquals(0, recursive.exitCode(), recursive.all());
    }

    /** {@code probe} of a JDK TLS server on 127.0.0.1 that presents {@code chain}, verified against {@link #ROOT} for the name localhost. */
    private Cli.Result probeServing(Chain chain) {
        Path roots = ROOT.writeCert(dir.resolve("probe-roots.pem"));
        SSLContext tls = TlsPeer.serving(chain.leaf().keyPair().getPrivate(), chain.served());
        try (FakeServer server = FakeServer.start((s, in, out) -> TlsPeer.handshake(s, tls, "TLSv1.3").getInputStream().read())) {
            return Cli.run("probe", server.target(), "--mode", "tls", "--ca", roots.toString(), "--sni", "localhost", "--timeout", "5s", "--format", "json");
        }
    }

    /** Go and OpenSSL check the root's own validity; the JDK trusts the anchor as given, so this is ours to catch. */
    @Test
    void expiredRootIsNotOkEither() {
        Pki.Issued oldRoot = Pki.ca("Cockroach CA").validity(Duration.ofDays(-800), Duration.ofDays(700)).build();
        Path roots = oldRoot.writeCert(dir.resolve("roots.pem"));
        Path leaf = oldRoot.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-5), Duration.ofDays(50)).build().writeCert(dir.resolve("leaf.pem"));
        assertErrorFor(leaf.toString(), Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--format", "json"));
    }

    /** {@code issued} with the last byte of its signature flipped: everything else as signed. */
    private static Pki.Issued tampered(Pki.Issued issued) {
        try {
            byte[] der = issued.cert().getEncoded();
            der[der.length - 1] ^= 1;
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
            return new Pki.Issued(cert, issued.keyPair(), issued.chain());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void jdkValidate(Chain chain) throws Exception {
        List<X509Certificate> path = chain.served();
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ROOT.cert(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
    }

    private static String pems(Chain chain) {
        StringBuilder out = new StringBuilder();
        chain.served().forEach(c -> out.append(Pki.pem(c)));
        return out.toString();
    }

    /** The run is CRITICAL, with an error about {@code subject}. */
    private static void assertErrorFor(String subject, Cli.Result r) {
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(hasError(r.json(), subject), r.all());
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
