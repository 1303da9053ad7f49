package dev.tlsdoctor.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Findings;
import dev.tlsdoctor.testing.OpensslOcspResponder;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation checks against a real OCSP responder (openssl ocsp on 127.0.0.1) with certificates whose
 * AIA points at it: good, revoked, unknown, a delegated responder, a chain, and the responder stopped.
 */
class OcspOpensslTest {
    /** Every revocation rule: none may fire for a good certificate. */
    static final Set<String> REVOCATION_RULES = Set.of("revoked", "ocsp-unknown", "ocsp-unreachable", "ocsp-bad-response",
            "ocsp-stale", "ocsp-no-url", "ocsp-sha256-unsupported", "ocsp-strict-risk", "ocsp-nonce-ignored",
            "crl-revoked", "crl-unreachable", "crl-stale", "crl-invalid");

    @TempDir
    static Path dir;
    static Pki.Issued root;
    static Path rootFile;
    static OpensslOcspResponder byRoot;
    static OpensslOcspResponder byDelegate;
    static OpensslOcspResponder byIntermediate;
    static OpensslOcspResponder byIntermediateNoCerts;
    static Path good;
    static Path revoked;
    static Path unknown;
    static Path noUrl;
    static Path delegated;
    static Path down;
    static Path chainWithCerts;
    static Path chainNoCerts;
    static Path certsDir;
    static Instant revokedAt = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void startResponders() {
        root = Pki.ca("Test Root CA").build();
        rootFile = root.writeCert(dir.resolve("root.crt"));
        Pki.Issued intermediate = root.issue("Test Issuing CA").ca().pathLen(0).build();
        byRoot = OpensslOcspResponder.forCa(root).start(dir.resolve("root-responder"));
        byDelegate = OpensslOcspResponder.forCa(root)
                .signer(root.issue("OCSP Responder").eku(KeyPurposeId.id_kp_OCSPSigning).build()).start(dir.resolve("delegate-responder"));
        byIntermediate = OpensslOcspResponder.forCa(intermediate).start(dir.resolve("intermediate-responder"));
        byIntermediateNoCerts = OpensslOcspResponder.forCa(intermediate).noCerts().start(dir.resolve("intermediate-nocerts-responder"));
        OpensslOcspResponder stopped = OpensslOcspResponder.forCa(root).start(dir.resolve("stopped-responder"));
        stopped.close(); // nothing listens at its URL any more

        Pki.Issued goodCert = root.issue("good").clientAuth().ocspUrl(byRoot.url()).build();
        Pki.Issued revokedCert = root.issue("revoked").clientAuth().ocspUrl(byRoot.url()).build();
        Pki.Issued delegatedCert = root.issue("delegated").clientAuth().ocspUrl(byDelegate.url()).build();
        Pki.Issued listedIntermediate = root.issue("Test Issuing CA").ca().pathLen(0).keyPair(intermediate.keyPair())
                .ocspUrl(byRoot.url()).build();
        Pki.Issued chainLeaf = intermediate.issue("chained").clientAuth().ocspUrl(byIntermediate.url()).build();
        Pki.Issued chainLeafNoCerts = intermediate.issue("chained2").clientAuth().ocspUrl(byIntermediateNoCerts.url()).build();
        byRoot.good(goodCert).good(listedIntermediate).revoked(revokedCert, revokedAt, "keyCompromise");
        byDelegate.good(delegatedCert);
        byIntermediate.good(chainLeaf);
        byIntermediateNoCerts.good(chainLeafNoCerts);

        good = goodCert.writeTo(dir, "good");
        revoked = revokedCert.writeTo(dir, "revoked");
        unknown = root.issue("unknown").clientAuth().ocspUrl(byRoot.url()).build().writeTo(dir, "unknown");
        noUrl = root.issue("no-url").clientAuth().build().writeTo(dir, "no-url");
        delegated = delegatedCert.writeTo(dir, "delegated");
        down = root.issue("down").clientAuth().ocspUrl(stopped.url()).build().writeTo(dir, "down");
        chainWithCerts = chainLeaf.writeTo(dir, "chained", listedIntermediate.cert());
        chainNoCerts = chainLeafNoCerts.writeTo(dir, "chained2", listedIntermediate.cert());

        // A node's certs directory: node.crt good, client.root.crt revoked, ui.crt naming the stopped responder.
        certsDir = dir.resolve("certs");
        root.writeCert(certsDir.resolve("ca.crt"));
        Pki.Issued node = root.issue("node").sans("localhost", "127.0.0.1").serverAndClient().ocspUrl(byRoot.url()).build();
        Pki.Issued client = root.issue("root").clientAuth().ocspUrl(byRoot.url()).build();
        byRoot.good(node).revoked(client, revokedAt, "superseded");
        node.writeTo(certsDir, "node");
        client.writeTo(certsDir, "client.root");
        root.issue("localhost").sans("localhost").serverAuth().ocspUrl(stopped.url()).build().writeTo(certsDir, "ui");
    }

    @AfterAll
    static void stopResponders() {
        for (OpensslOcspResponder r : new OpensslOcspResponder[] {byRoot, byDelegate, byIntermediate, byIntermediateNoCerts}) {
            if (r != null) {
                r.close();
            }
        }
    }

    /** {@code tls-doctor ocsp CERT --issuer root.crt --format json} with more {@code options}. */
    private static Cli.Result ocspJson(Path cert, String... options) {
        String[] args = {"ocsp", cert.toString(), "--issuer", rootFile.toString(), "--format", "json"};
        String[] all = java.util.Arrays.copyOf(args, args.length + options.length);
        System.arraycopy(options, 0, all, args.length, options.length);
        return Cli.run(all);
    }

    @Test
    void goodCertificateIsGoodBothWaysAndNoRuleFires() {
        Cli.Result r = ocspJson(good);
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(f.ruleIds().stream().noneMatch(REVOCATION_RULES::contains), f.ruleIds().toString());
        JsonNode ocsp = f.root().path("revocation").path("ocsp").get(0);
        assertEquals("good", ocsp.path("status").asText());
        // openssl 3 answers the SHA-256 CertID CockroachDB sends, as well as SHA-1 with the nonce echoed
        JsonNode cockroach = ocsp.path("cockroach").get(0);
        assertEquals("SHA-256", cockroach.path("hash").asText());
        assertEquals("POST", cockroach.path("method").asText());
        assertEquals("good", cockroach.path("outcome").asText());
        JsonNode standard = ocsp.path("standard").get(0);
        assertEquals("SHA-1", standard.path("hash").asText());
        assertEquals("GET", standard.path("method").asText());
        assertEquals("echoed", standard.path("nonce").asText());
        assertTrue(standard.path("signer").asText().contains("the issuer 'CN=Test Root CA"), standard.toString());
        assertEquals(2, f.root().path("revocation").path("requests_sent").asInt());
    }

    @Test
    void revokedCertificateIsCriticalWithReasonAndTime() {
        Cli.Result r = ocspJson(revoked);
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        JsonNode finding = f.only("revoked");
        assertEquals("error", finding.path("severity").asText());
        String message = finding.path("message").asText();
        assertTrue(message.contains("keyCompromise"), message);
        assertTrue(message.contains(revokedAt.toString().substring(0, 10)), message);
        assertTrue(message.contains("lax and strict both reject"), message);
        assertEquals(revokedAt, Instant.parse(f.root().path("revocation").path("ocsp").get(0).path("cockroach").get(0).path("revoked_at").asText()));
    }

    @Test
    void unknownSerialIsAWarningInLaxAndAnErrorInStrictButNeverRevoked() {
        Cli.Result lax = ocspJson(unknown);
        Findings f = Findings.of(lax);
        assertEquals(1, lax.exitCode(), lax.out());
        assertEquals("warning", f.only("ocsp-unknown").path("severity").asText());
        assertTrue(f.only("ocsp-unknown").path("message").asText().contains("lax accepts"));
        assertTrue(f.rule("revoked").isEmpty());
        assertEquals("unknown", f.root().path("revocation").path("ocsp").get(0).path("status").asText());

        Cli.Result strict = ocspJson(unknown, "--mode", "strict");
        assertEquals(2, strict.exitCode(), strict.out());
        assertEquals("error", Findings.of(strict).only("ocsp-unknown").path("severity").asText());
    }

    @Test
    void delegatedResponderWithOcspSigningIsTrusted() {
        Cli.Result r = ocspJson(delegated);
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out());
        JsonNode ocsp = f.root().path("revocation").path("ocsp").get(0);
        assertEquals("good", ocsp.path("status").asText());
        assertTrue(ocsp.path("cockroach").get(0).path("signer").asText().startsWith("delegated responder 'CN=OCSP Responder"), ocsp.toString());
    }

    @Test
    void stoppedResponderIsUnreachableNeverRevokedAndAStrictRisk() {
        Cli.Result lax = ocspJson(down);
        Findings f = Findings.of(lax);
        assertEquals(1, lax.exitCode(), lax.out());
        JsonNode finding = f.only("ocsp-unreachable");
        assertEquals("warning", finding.path("severity").asText());
        assertTrue(finding.path("message").asText().contains("connection refused"), finding.toString());
        assertTrue(f.rule("revoked").isEmpty() && f.rule("ocsp-strict-risk").isEmpty());
        assertEquals("unreachable", f.root().path("revocation").path("ocsp").get(0).path("status").asText());

        Cli.Result strict = ocspJson(down, "--mode", "strict");
        Findings s = Findings.of(strict);
        assertEquals(2, strict.exitCode(), strict.out());
        assertEquals("error", s.only("ocsp-unreachable").path("severity").asText());
        String risk = s.only("ocsp-strict-risk").path("message").asText();
        assertTrue(risk.contains("no usable answer to 2 of 2 requests") && risk.contains("1 of the 1 certificates naming it name no other responder"), risk);
    }

    @Test
    void certificateWithoutResponderUrlIsInformationOnly() {
        Cli.Result r = ocspJson(noUrl);
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out());
        assertEquals("info", f.only("ocsp-no-url").path("severity").asText());
        assertTrue(f.only("ocsp-no-url").path("message").asText().contains("CockroachDB skips it"));
        assertEquals(0, f.root().path("revocation").path("requests_sent").asInt());
    }

    @Test
    void everyCertificateOfTheChainIsCheckedAgainstItsIssuer() {
        Cli.Result r = ocspJson(chainNoCerts);
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out());
        JsonNode ocsp = f.root().path("revocation").path("ocsp");
        assertEquals(2, ocsp.size(), ocsp.toString());
        assertEquals("good", ocsp.get(0).path("status").asText());
        assertTrue(ocsp.get(0).path("issuer").asText().contains("Test Issuing CA"));
        assertTrue(ocsp.get(1).path("certificate").asText().startsWith("intermediate 'CN=Test Issuing CA"));
        assertEquals("good", ocsp.get(1).path("status").asText());
    }

    /** openssl ocsp signing with the intermediate's own key includes that certificate: Go's parser, so CockroachDB, rejects it. */
    @Test
    void responderIncludingTheIntermediatesOwnCertificateFailsInCockroachOnly() {
        Cli.Result r = ocspJson(chainWithCerts);
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        JsonNode leaf = f.root().path("revocation").path("ocsp").get(0);
        assertEquals("bad-response", leaf.path("cockroach").get(0).path("outcome").asText());
        assertEquals("good", leaf.path("standard").get(0).path("outcome").asText());
        String message = f.only("ocsp-bad-response").path("message").asText();
        assertTrue(message.contains("issuer's own certificate") && message.contains("-resp_no_certs"), message);
    }

    @Test
    void answersAreReusedWithinTheirValidity() {
        String file = chainNoCerts.toString();
        Cli.Result r = Cli.run("ocsp", file, file, file, "--issuer", rootFile.toString(), "--format", "json");
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out());
        JsonNode revocation = f.root().path("revocation");
        assertEquals(6, revocation.path("ocsp").size());
        // two certificates (leaf, intermediate) asked two ways: 4 requests; the other 8 answers reused
        assertEquals(4, revocation.path("requests_sent").asInt(), revocation.toString());
        assertEquals(8, revocation.path("answers_reused").asInt());
    }

    @Test
    void checkWithOcspJudgesTheCertificatesCockroachChecks() {
        Cli.Result r = Cli.run("check", "--certs-dir", certsDir.toString(), "--host", "localhost", "--ocsp", "--format", "json");
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out() + r.err());
        JsonNode finding = f.only("revoked");
        assertTrue(finding.path("subject").asText().endsWith("client.root.crt"), finding.toString());
        assertTrue(finding.path("message").asText().contains("superseded"));
        // CockroachDB never OCSP-checks the DB Console certificate, so its dead responder does not matter
        assertTrue(f.rule("ocsp-unreachable").isEmpty(), f.ruleIds().toString());

        Cli.Result without = Cli.run("check", "--certs-dir", certsDir.toString(), "--host", "localhost", "--format", "json");
        assertEquals(0, without.exitCode(), without.out());
        assertTrue(Findings.of(without).ruleIds().stream().noneMatch(REVOCATION_RULES::contains));
    }

    @Test
    void ticketReportWithOcspCarriesTheRevocation() {
        Cli.Result r = Cli.run("report", "--certs-dir", certsDir.toString(), "--host", "localhost", "--no-probe", "--ocsp");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("`revoked`") && r.out().contains("superseded"), r.out());
        Cli.Result without = Cli.run("report", "--certs-dir", certsDir.toString(), "--host", "localhost", "--no-probe");
        assertEquals(0, without.exitCode(), without.out());
        assertTrue(!without.out().contains("`revoked`"), without.out());
    }

    @Test
    void ocspWithOnlyACertsDirectoryChecksItsCertificates() {
        Cli.Result r = Cli.run("ocsp", "--certs-dir", certsDir.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("client.root.crt") && r.out().contains("OCSP: revoked"), r.out());
        assertTrue(r.out().contains("node.crt") && r.out().contains("OCSP: good"), r.out());
    }

    @Test
    void badInputIsOneLineAndUnknown() {
        Cli.Result nothing = Cli.run("ocsp");
        assertEquals(3, nothing.exitCode());
        assertTrue(nothing.err().startsWith("tls-doctor: give the certificate files to check"), nothing.err());

        Cli.Result missing = Cli.run("ocsp", dir.resolve("nope.crt").toString());
        assertEquals(3, missing.exitCode());
        assertTrue(missing.err().contains("nope.crt: no such file"), missing.err());

        Cli.Result noIssuer = Cli.run("ocsp", good.toString());
        assertEquals(3, noIssuer.exitCode());
        assertTrue(noIssuer.err().contains("cannot find the issuer 'CN=Test Root CA,O=Cockroach'") && noIssuer.err().contains("--issuer"), noIssuer.err());

        Cli.Result badTimeout = Cli.run("ocsp", good.toString(), "--issuer", rootFile.toString(), "--timeout", "soon");
        assertEquals(3, badTimeout.exitCode());
        assertTrue(badTimeout.err().contains("'soon' is not a duration"), badTimeout.err());
        for (Cli.Result r : new Cli.Result[] {nothing, missing, noIssuer, badTimeout}) {
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
