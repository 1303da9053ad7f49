package dev.tlsdoctor.testing;

import dev.tlsdoctor.demo.Pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import okhttp3.mockwebserver.RecordedRequest;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Hand-made OCSP answers for the faults a real responder will not produce (forged, stale, mismatched,
 * nonce games), served by MockWebServer. Each answer starts from the request actually received.
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

    public static Answer to(OCSPReq request) {
        return new Answer(request);
    }

    /** An answer to one request: good and correctly signed unless told otherwise. */
    public static final class Answer {
        private final OCSPReq request;
        private CertificateStatus status = CertificateStatus.GOOD;
        private KeyPair signingKey;
        private X500Name responderName;
        private final List<X509CertificateHolder> certs = new ArrayList<>();
        private Instant thisUpdate = Instant.now().minusSeconds(60);
        private Instant nextUpdate = Instant.now().plusSeconds(3600);
        private BigInteger serial;
        private boolean echoNonce = true;
        private byte[] nonce;

        private Answer(OCSPReq request) {
            this.request = request;
        }

        /** Signed by the issuer itself, named by its subject. */
        public Answer signedBy(Pki.Issued signer) {
            this.signingKey = signer.keyPair();
            this.responderName = X500Name.getInstance(signer.cert().getSubjectX500Principal().getEncoded());
            return this;
        }

        /** Signed by a responder whose certificate travels in the answer. */
        public Answer signedByResponder(Pki.Issued responder) {
            signedBy(responder);
            try {
                certs.add(new JcaX509CertificateHolder(responder.cert()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        /** Claims to be from {@code claimed} (responder name) but is signed with another key. */
        public Answer forgedAs(Pki.Issued claimed, KeyPair actualKey) {
            signedBy(claimed);
            this.signingKey = actualKey;
            return this;
        }

        public Answer revoked(Instant when, int reason) {
            this.status = new RevokedStatus(Date.from(when), reason);
            return this;
        }

        public Answer unknown() {
            this.status = new UnknownStatus();
            return this;
        }

        public Answer validity(Instant thisUpdate, Instant nextUpdate) {
            this.thisUpdate = thisUpdate;
            this.nextUpdate = nextUpdate;
            return this;
        }

        /** Answer for another serial number than the one asked about. */
        public Answer forSerial(BigInteger other) {
            this.serial = other;
            return this;
        }

        /** Leave the request's nonce out, as responders with pre-produced answers do. */
        public Answer dropNonce() {
            this.echoNonce = false;
            return this;
        }

        /** Put another nonce than the request's into the answer. */
        public Answer wrongNonce() {
            this.nonce = new byte[] {4, 4, 1, 2, 3, 4};
            return this;
        }

        public byte[] build() {
            try {
                CertificateID asked = request.getRequestList()[0].getCertID();
                CertificateID id = serial == null ? asked : CertificateID.deriveCertificateID(asked, serial);
                BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(responderName));
                builder.addResponse(id, status, Date.from(thisUpdate), nextUpdate == null ? null : Date.from(nextUpdate), null);
                Extension requestNonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
                if (nonce != null) {
                    builder.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce).getEncoded())));
                } else if (echoNonce && requestNonce != null) {
                    builder.setResponseExtensions(new Extensions(requestNonce));
                }
                String algorithm = signingKey.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
                return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(
                        new JcaContentSignerBuilder(algorithm).build(signingKey.getPrivate()),
                        certs.toArray(X509CertificateHolder[]::new), new Date())).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the test OCSP answer", e);
            }
        }
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
