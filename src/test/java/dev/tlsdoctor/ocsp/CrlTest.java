package dev.tlsdoctor.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Findings;
import dev.tlsdoctor.testing.LoopbackHttpServer;
import dev.tlsdoctor.pki.Pki;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CRL distribution points served by a real HTTP server on 127.0.0.1, with CRLs made by BouncyCastle. */
class CrlTest {
    private static final AtomicInteger FILES = new AtomicInteger();
    private static final Map<String, byte[]> PUBLISHED = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;
    static Pki.Issued ca;
    static Path caFile;
    static LoopbackHttpServer web;

    @BeforeAll
    static void start() {
        ca = Pki.ca("CRL CA").build();
        caFile = ca.writeCert(dir.resolve("ca.crt"));
        web = LoopbackHttpServer.start((method, path, body) -> PUBLISHED.containsKey(path)
                ? new LoopbackHttpServer.Reply(200, "application/pkix-crl", PUBLISHED.get(path))
                : new LoopbackHttpServer.Reply(404, "text/plain", "not found".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    /** A CRL of {@code ca} signed with {@code key}, valid from {@code thisUpdate} to {@code nextUpdate}, listing {@code revoked} as keyCompromise. */
    private static byte[] crl(KeyPair key, Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger serial : revoked) {
            builder.addCRLEntry(serial, Date.from(Instant.now().minus(3, ChronoUnit.DAYS)), CRLReason.keyCompromise);
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())).getEncoded();
    }

    private static byte[] currentCrl(BigInteger... revoked) throws Exception {
        return crl(ca.keyPair(), Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plus(7, ChronoUnit.DAYS), revoked);
    }

    /** A certificate of {@code ca} whose CRL distribution point is {@code path} on the server; its CRL is made by {@code publish}. */
    private static Path certWithCrl(String path, CrlMaker publish) throws Exception {
        Pki.Issued cert = ca.issue("crl-leaf").clientAuth().crlUrl(web.url(path)).build();
        byte[] crl = publish.make(cert.cert().getSerialNumber());
        if (crl != null) {
            PUBLISHED.put(path, crl);
        }
        return cert.writeTo(dir, "crl-leaf" + FILES.incrementAndGet());
    }

    private interface CrlMaker {
        byte[] make(BigInteger serial) throws Exception;
    }

    private static Cli.Result ocsp(Path... certs) {
        String[] args = new String[certs.length + 5];
        args[0] = "ocsp";
        for (int i = 0; i < certs.length; i++) {
            args[i + 1] = certs[i].toString();
        }
        System.arraycopy(new String[] {"--issuer", caFile.toString(), "--format", "json"}, 0, args, certs.length + 1, 4);
        return Cli.run(args);
    }

    @Test
    void certificateNotOnACurrentCrlIsFine() throws Exception {
        Path cert = certWithCrl("/fine.crl", serial -> currentCrl(serial.add(BigInteger.TEN)));
        Cli.Result r = ocsp(cert);
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out());
        assertEquals("not-revoked", f.root().path("revocation").path("crl").get(0).path("outcome").asText());
        assertTrue(f.ruleIds().stream().noneMatch(id -> id.startsWith("crl-")), f.ruleIds().toString());
    }

    @Test
    void serialOnTheCrlIsRevokedAndCockroachIgnoresIt() throws Exception {
        Cli.Result r = ocsp(certWithCrl("/revoked.crl", serial -> currentCrl(serial)));
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        String message = f.only("crl-revoked").path("message").asText();
        assertTrue(message.contains("keyCompromise") && message.contains("CockroachDB never reads CRLs"), message);
    }

    @Test
    void crlPastItsNextUpdateIsStale() throws Exception {
        Instant now = Instant.now();
        Cli.Result r = ocsp(certWithCrl("/stale.crl", serial -> crl(ca.keyPair(), now.minus(9, ChronoUnit.DAYS), now.minus(2, ChronoUnit.DAYS))));
        Findings f = Findings.of(r);
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(f.only("crl-stale").path("message").asText().contains("nextUpdate"));
    }

    @Test
    void missingOrUnservedCrlIsUnreachableNeverRevoked() throws Exception {
        Findings notFound = Findings.of(ocsp(certWithCrl("/missing.crl", serial -> null)));
        assertTrue(notFound.only("crl-unreachable").path("message").asText().contains("HTTP status 404"));
        assertTrue(notFound.rule("crl-revoked").isEmpty());

        LoopbackHttpServer gone = LoopbackHttpServer.start((method, path, body) -> new LoopbackHttpServer.Reply(200, null, new byte[0]));
        gone.close();
        Path cert = ca.issue("crl-down").clientAuth().crlUrl(gone.url("/ca.crl")).build().writeTo(dir, "crl-down");
        Cli.Result down = ocsp(cert);
        assertEquals(1, down.exitCode(), down.out());
        assertTrue(Findings.of(down).only("crl-unreachable").path("message").asText().contains("connection refused"));
    }

    @Test
    void crlSignedByAnotherKeyIsInvalidAndNotUsed() throws Exception {
        KeyPair other = Pki.freshKey("RSA:2048");
        Cli.Result r = ocsp(certWithCrl("/forged.crl", serial -> crl(other, Instant.now(), Instant.now().plus(1, ChronoUnit.DAYS), serial)));
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(f.only("crl-invalid").path("message").asText().contains("bad signature"));
        assertTrue(f.rule("crl-revoked").isEmpty(), "a forged CRL revokes nothing");
    }

    @Test
    void somethingElseAtTheCrlUrlIsInvalid() throws Exception {
        Findings f = Findings.of(ocsp(certWithCrl("/html.crl", serial -> "<html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        assertTrue(f.only("crl-invalid").path("message").asText().contains("not a CRL"));
    }

    @Test
    void oneCrlIsDownloadedOnceForManyCertificates() throws Exception {
        PUBLISHED.put("/shared.crl", currentCrl());
        Path[] certs = new Path[5];
        for (int i = 0; i < certs.length; i++) {
            certs[i] = ca.issue("shared" + i).clientAuth().crlUrl(web.url("/shared.crl")).build().writeTo(dir, "shared" + i);
        }
        Cli.Result r = ocsp(certs);
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out());
        assertEquals(5, f.root().path("revocation").path("crl").size());
        assertEquals(1, f.root().path("revocation").path("requests_sent").asInt());
    }
}
