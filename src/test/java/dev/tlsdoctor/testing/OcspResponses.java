package dev.tlsdoctor.testing;

import dev.tlsdoctor.demo.OcspResponseBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.mockwebserver.RecordedRequest;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

/**
 * OCSP requests as MockWebServer received them, and answers to them for the faults a real responder
 * will not produce (forged, stale, mismatched, nonce games): each answer starts from the request actually received.
 */
public final class OcspResponses {
    private OcspResponses() {}

    /** The OCSP request inside a POST body or an RFC 6960 GET path. */
    public static OCSPReq request(RecordedRequest recorded) {
        try {
            if ("GET".equals(recorded.getMethod())) {
                String path = recorded.getPath();
                String encoded = path.substring(path.lastIndexOf('/') + 1);
                return new OCSPReq(Base64.getDecoder().decode(URLDecoder.decode(encoded, StandardCharsets.US_ASCII)));
            }
            return new OCSPReq(recorded.getBody().readByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the request identifies the certificate with a SHA-256 CertID (as CockroachDB does). */
    public static boolean isSha256(OCSPReq request) {
        return request.getRequestList()[0].getCertID().getHashAlgOID().equals(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256);
    }

    public static OcspResponseBuilder to(OCSPReq request) {
        return new OcspResponseBuilder(request);
    }

    /** An unsigned error answer: {@code status} is OCSPRespBuilder.UNAUTHORIZED, MALFORMED_REQUEST, INTERNAL_ERROR, TRY_LATER… */
    public static byte[] error(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
