package dev.tlsdoctor.ocsp;

import dev.tlsdoctor.demo.OcspResponseBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Findings;
import dev.tlsdoctor.testing.OcspResponses;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real responder will not do, served by MockWebServer on 127.0.0.1: forged, stale and
 * mismatched answers, nonce games, HTTP errors, a wrong content type, a slow answer, a 10 MB body, and
 * a responder that does not understand SHA-256 CertIDs. None of them may ever come out as "good".
 */
class OcspFaultsTest {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    static Path dir;
    static Pki.Issued ca;
    static Path caFile;

    @BeforeAll
    static void makeCa() {
        ca = Pki.ca("Fault CA").build();
        caFile = ca.writeCert(dir.resolve("ca.crt"));
    }

    /** Runs {@code tls-doctor ocsp --format json} on a fresh certificate whose AIA names a MockWebServer answering with {@code responder}. */
    private static Cli.Result ocsp(Function<RecordedRequest, MockResponse> responder, String... options) {
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return responder.apply(request);
                }
            });
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            Path cert = ca.issue("leaf").clientAuth().ocspUrl(server.url("/ocsp").toString()).build()
                    .writeTo(dir, "leaf" + FILES.incrementAndGet());
            List<String> args = new ArrayList<>(List.of("ocsp", cert.toString(), "--issuer", caFile.toString(), "--format", "json"));
            args.addAll(List.of(options));
            return Cli.run(args.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse ocspResponse(byte[] der) {
        return new MockResponse().setHeader("Content-Type", "application/ocsp-response").setBody(new Buffer().write(der));
    }

    private static Function<RecordedRequest, MockResponse> answering(Function<OcspResponseBuilder, OcspResponseBuilder> shape) {
        return request -> ocspResponse(shape.apply(OcspResponses.to(OcspResponses.request(request))).build());
    }

    private static JsonNode ocspEvidence(Findings f) {
        return f.root().path("revocation").path("ocsp").get(0);
    }

    private static void assertNeverGood(Findings f) {
        JsonNode ocsp = ocspEvidence(f);
        assertFalse(ocsp.path("status").asText().equals("good"), ocsp.toString());
    }

    @Test
    void correctlySignedGoodAnswerIsGood() {
        Cli.Result r = ocsp(answering(a -> a.signedBy(ca)));
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertEquals("good", ocspEvidence(f).path("status").asText());
        assertTrue(f.ruleIds().stream().noneMatch(OcspOpensslTest.REVOCATION_RULES::contains), f.ruleIds().toString());
    }

    @Test
    void goodSignedByAnUnrelatedKeyIsABadResponseNeverGood() {
        Cli.Result r = ocsp(answering(a -> a.forgedAs(ca, Pki.freshKey("RSA:2048"))));
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        assertNeverGood(f);
        JsonNode finding = f.only("ocsp-bad-response");
        assertEquals("error", finding.path("severity").asText());
        assertTrue(finding.path("message").asText().contains("bad signature"), finding.toString());
        assertTrue(f.rule("revoked").isEmpty());
    }

    @Test
    void goodFromAResponderTheCaNeverSignedIsUnauthorised() {
        Pki.Issued impostor = Pki.ca("Fault CA OCSP").build(); // self-signed, not issued by the CA
        Cli.Result r = ocsp(answering(a -> a.signedByResponder(impostor)));
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        assertNeverGood(f);
        String message = f.only("ocsp-bad-response").path("message").asText();
        assertTrue(message.contains("unauthorised signer") && message.contains("was not issued by 'CN=Fault CA"), message);
    }

    @Test
    void delegateWithoutOcspSigningIsUnauthorisedThoughGoWouldAcceptIt() {
        Pki.Issued noEku = ca.issue("Fault CA Responder").serverAuth().build();
        Cli.Result r = ocsp(answering(a -> a.signedByResponder(noEku)));
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        assertNeverGood(f);
        String message = f.only("ocsp-bad-response").path("message").asText();
        assertTrue(message.contains("lacks the OCSPSigning extended key usage"), message);
        assertTrue(message.contains("Go's OCSP parser) does not check this"), message);
        assertTrue(ocspEvidence(f).path("cockroach").get(0).path("cockroach_would_accept").asBoolean());
    }

    @Test
    void answerPastItsNextUpdateIsStaleNotGood() {
        Instant now = Instant.now();
        Cli.Result r = ocsp(answering(a -> a.signedBy(ca).validity(now.minus(2, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS))));
        Findings f = Findings.of(r);
        assertEquals(1, r.exitCode(), r.out());
        assertEquals("stale", ocspEvidence(f).path("status").asText());
        String message = f.only("ocsp-stale").path("message").asText();
        assertTrue(message.contains("nextUpdate") && message.contains("passed"), message);
        assertTrue(message.contains("CockroachDB does not check thisUpdate/nextUpdate"), message);
    }

    @Test
    void answerFromTheFutureIsStale() {
        Instant now = Instant.now();
        Cli.Result r = ocsp(answering(a -> a.signedBy(ca).validity(now.plus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.HOURS))));
        Findings f = Findings.of(r);
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(f.only("ocsp-stale").path("message").asText().contains("ahead of our clock"));
    }

    @Test
    void answerAboutAnotherSerialIsACertIdMismatch() {
        Cli.Result r = ocsp(request -> {
            OCSPReq req = OcspResponses.request(request);
            BigInteger asked = req.getRequestList()[0].getCertID().getSerialNumber();
            return ocspResponse(OcspResponses.to(req).signedBy(ca).forSerial(asked.add(BigInteger.ONE)).build());
        });
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        assertNeverGood(f);
        assertTrue(f.only("ocsp-bad-response").path("message").asText().contains("CertID mismatch"));
    }

    @Test
    void droppedNonceIsInformationOnly() {
        Cli.Result r = ocsp(answering(a -> a.signedBy(ca).dropNonce()));
        Findings f = Findings.of(r);
        assertEquals(0, r.exitCode(), r.out());
        assertEquals("good", ocspEvidence(f).path("status").asText());
        assertEquals("omitted", ocspEvidence(f).path("standard").get(0).path("nonce").asText());
        assertEquals("info", f.only("ocsp-nonce-ignored").path("severity").asText());
    }

    @Test
    void foreignNonceIsAReplayAndABadResponse() {
        Cli.Result r = ocsp(answering(a -> a.signedBy(ca).wrongNonce()));
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        assertNeverGood(f);
        String message = f.only("ocsp-bad-response").path("message").asText();
        assertTrue(message.contains("nonce mismatch"), message);
        // CockroachDB sends no nonce, so its own request is unaffected: the finding says what it got
        assertTrue(message.contains("CockroachDB's own request (SHA-256, no nonce) got: good"), message);
    }

    @Test
    void http500IsUnreachableNeverRevoked() {
        Cli.Result r = ocsp(request -> new MockResponse().setResponseCode(500));
        Findings f = Findings.of(r);
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(f.only("ocsp-unreachable").path("message").asText().contains("HTTP status 500"));
        assertTrue(f.rule("revoked").isEmpty());
        assertEquals("unreachable", ocspEvidence(f).path("status").asText());
    }

    @Test
    void wrongContentTypeFailsCockroachsCheckEvenWithAValidBody() {
        Cli.Result r = ocsp(request -> ocspResponse(OcspResponses.to(OcspResponses.request(request)).signedBy(ca).build())
                .setHeader("Content-Type", "application/octet-stream"));
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        assertNeverGood(f);
        JsonNode ocsp = ocspEvidence(f);
        assertEquals("bad-response", ocsp.path("cockroach").get(0).path("outcome").asText());
        assertEquals("good", ocsp.path("standard").get(0).path("outcome").asText());
        String message = f.only("ocsp-bad-response").path("message").asText();
        assertTrue(message.contains("'application/octet-stream', not exactly 'application/ocsp-response'"), message);
    }

    @Test
    void slowAnswerPastTheTimeoutIsUnreachableWithinTheTimeout() {
        Cli.Result r = ocsp(answering(a -> a.signedBy(ca)).andThen(m -> m.setHeadersDelay(5, TimeUnit.SECONDS)), "--timeout", "1s");
        Findings f = Findings.of(r);
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(f.only("ocsp-unreachable").path("message").asText().contains("no complete answer within 1s"));
        for (String style : new String[] {"cockroach", "standard"}) {
            long millis = ocspEvidence(f).path(style).get(0).path("elapsed_millis").asLong();
            assertTrue(millis >= 1_000 && millis < 2_000, style + " request took " + millis + " ms; the call timeout is 1s");
        }
    }

    @Test
    void tenMegabyteBodyIsNotReadWhole() {
        byte[] tenMegabytes = new byte[10 << 20];
        Cli.Result declared = ocsp(request -> ocspResponse(tenMegabytes));
        assertTrue(Findings.of(declared).only("ocsp-bad-response").path("message").asText().contains("larger than 1024 KiB"), declared.out());
        Cli.Result chunked = ocsp(request -> new MockResponse().setHeader("Content-Type", "application/ocsp-response")
                .setChunkedBody(new Buffer().write(tenMegabytes), 64 << 10));
        assertEquals(2, chunked.exitCode(), chunked.out());
        assertTrue(Findings.of(chunked).only("ocsp-bad-response").path("message").asText().contains("larger than 1024 KiB"), chunked.out());
    }

    @Test
    void garbageBodyIsMalformed() {
        Cli.Result r = ocsp(request -> ocspResponse("<html>not ocsp</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        Findings f = Findings.of(r);
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(f.only("ocsp-bad-response").path("message").asText().contains("malformed"));
    }

    /** The classic: works with openssl ocsp (SHA-1), fails in the cluster (SHA-256). */
    @Test
    void responderRefusingSha256CertIdsIsFlagged() {
        Function<RecordedRequest, MockResponse> sha1Only = request -> {
            OCSPReq req = OcspResponses.request(request);
            return ocspResponse(OcspResponses.isSha256(req) ? OcspResponses.error(OCSPRespBuilder.UNAUTHORIZED) : OcspResponses.to(req).signedBy(ca).build());
        };
        Cli.Result lax = ocsp(sha1Only);
        Findings f = Findings.of(lax);
        assertEquals(1, lax.exitCode(), lax.out());
        assertEquals("warning", f.only("ocsp-sha256-unsupported").path("severity").asText());
        assertTrue(f.rule("ocsp-unknown").isEmpty(), "one cause, one finding");
        assertEquals("sha256-unsupported", ocspEvidence(f).path("status").asText());

        Cli.Result strict = ocsp(sha1Only, "--mode", "strict");
        assertEquals("error", Findings.of(strict).only("ocsp-sha256-unsupported").path("severity").asText());

        Cli.Result unknownForSha256 = ocsp(request -> {
            OCSPReq req = OcspResponses.request(request);
            OcspResponseBuilder answer = OcspResponses.to(req).signedBy(ca);
            return ocspResponse((OcspResponses.isSha256(req) ? answer.unknown() : answer).build());
        });
        assertEquals(1, Findings.of(unknownForSha256).rule("ocsp-sha256-unsupported").size(), unknownForSha256.out());
    }

    @Test
    void unauthorizedForBothHashesIsUnknownAndTryLaterIsUnreachable() {
        Findings unauthorized = Findings.of(ocsp(request -> ocspResponse(OcspResponses.error(OCSPRespBuilder.UNAUTHORIZED))));
        assertTrue(unauthorized.only("ocsp-unknown").path("message").asText().contains("'unauthorized'"));
        assertTrue(unauthorized.rule("ocsp-sha256-unsupported").isEmpty());
        Findings tryLater = Findings.of(ocsp(request -> ocspResponse(OcspResponses.error(OCSPRespBuilder.TRY_LATER))));
        assertTrue(tryLater.only("ocsp-unreachable").path("message").asText().contains("'tryLater'"));
    }

    /** As CockroachDB: each AIA URL in turn until one gives a definitive answer. */
    @Test
    void nextResponderIsAskedWhenTheFirstFails() throws IOException {
        try (MockWebServer failing = new MockWebServer(); MockWebServer working = new MockWebServer()) {
            failing.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setResponseCode(503);
                }
            });
            working.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return answering(a -> a.signedBy(ca)).apply(request);
                }
            });
            failing.start(InetAddress.getByName("127.0.0.1"), 0);
            working.start(InetAddress.getByName("127.0.0.1"), 0);
            Path cert = ca.issue("two-urls").clientAuth().ocspUrl(failing.url("/").toString()).ocspUrl(working.url("/").toString())
                    .build().writeTo(dir, "two-urls");
            Cli.Result r = Cli.run("ocsp", cert.toString(), "--issuer", caFile.toString(), "--format", "json");
            Findings f = Findings.of(r);
            assertEquals(0, r.exitCode(), r.out());
            JsonNode cockroach = ocspEvidence(f).path("cockroach");
            assertEquals(2, cockroach.size());
            assertEquals("unreachable", cockroach.get(0).path("outcome").asText());
            assertEquals("good", cockroach.get(1).path("outcome").asText());
            assertEquals("good", ocspEvidence(f).path("status").asText());
        }
    }
}
