package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.ocsp.OcspMode;
import dev.tlsdoctor.ocsp.RevocationParsers;
import dev.tlsdoctor.testing.LoopbackHttpServer;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * A responder's answer: served by a loopback HTTP server to both OCSP requests tls-doctor sends (as
 * CockroachDB asks and as openssl asks) and fully verified by the ocsp package (response status,
 * signer's authority, signature, CertID, nonce, freshness), then judged by every check. The first
 * input byte picks the Content-Type header, the rest is the body.
 */
class OcspFuzzTest {
    static final int EXACT_TYPE = 0;
    static final int TYPE_WITH_PARAMETERS = 1;
    static final int TYPE_TEXT = 2;
    static final int NO_TYPE = 3;
    private static final X509Certificate CA = FuzzFixtures.pkiCert("ca.crt");
    private static final X509Certificate NODE = FuzzFixtures.pkiCert("node.crt");
    private static volatile String contentType;
    private static volatile byte[] body;
    private static final LoopbackHttpServer RESPONDER = LoopbackHttpServer.start((method, path, request) ->
            new LoopbackHttpServer.Reply(200, contentType, body));

    @FuzzTest
    void responderAnswer(byte[] data) {
        FuzzFixtures.allowLoopbackConnections();
        contentType = switch (data.length == 0 ? EXACT_TYPE : data[0] & 3) {
            case EXACT_TYPE -> "application/ocsp-response";
            case TYPE_WITH_PARAMETERS -> "application/ocsp-response; charset=binary";
            case TYPE_TEXT -> "text/plain";
            default -> null;
        };
        body = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
        String url = RESPONDER.url("/");
        OcspAnswer cockroach = RevocationParsers.ocsp(url, true, NODE, CA);
        OcspAnswer standard = RevocationParsers.ocsp(url, false, NODE, CA);
        for (OcspAnswer answer : List.of(cockroach, standard)) {
            FuzzContract.oneLine("the OCSP verdict", answer.detail());
            if (answer.outcome().isDefinitive() || answer.outcome() == OcspAnswer.Outcome.UNKNOWN) {
                if (answer.signer() == null || answer.thisUpdate() == null) {
                    throw new AssertionError("a " + answer.outcome() + " verdict without a verified signer and thisUpdate: " + answer);
                }
            }
        }
        FuzzFixtures.checkedReport(List.of(new OcspEvidence(RevocationParsers.target(NODE), List.of(url), List.of(url), OcspMode.STRICT,
                RevocationParsers.TIMEOUT, List.of(cockroach), List.of(standard))), KeyMaterial.NONE);
    }
}
