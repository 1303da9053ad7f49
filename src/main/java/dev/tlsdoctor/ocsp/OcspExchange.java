package dev.tlsdoctor.ocsp;

import dev.tlsdoctor.certs.OneLine;
import dev.tlsdoctor.ocsp.OcspAnswer.Nonce;
import dev.tlsdoctor.ocsp.OcspAnswer.Outcome;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * One OCSP request and the full verification of its answer. Nothing in an answer is believed until
 * the HTTP status, the response status, the signer's authority, the signature, the CertID and the nonce
 * have all been checked; only then does it count as good, revoked or unknown.
 *
 * <p>BouncyCastle's lightweight digests and the JDK's own signature providers are used directly: the
 * BC security provider is never registered (that costs start-up time for every command).
 */
final class OcspExchange {
    static final String REQUEST_TYPE = "application/ocsp-request";
    static final String RESPONSE_TYPE = "application/ocsp-response";
    /** Real responses are a few KiB; anything past this is not read. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;
    /** RFC 5019 §5: clients use GET when the encoded request is under 255 bytes. */
    private static final int MAX_GET_SEGMENT = 255;
    private static final DigestCalculatorProvider DIGESTS = new BcDigestCalculatorProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The two ways of asking. */
    enum Style {
        /** As CockroachDB (Go's ocsp.CreateRequest with crypto.SHA256): SHA-256 CertID, POST, no nonce. */
        COCKROACH(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), "SHA-256", false),
        /** As openssl and most clients: SHA-1 CertID, a nonce, GET when the request is small. */
        STANDARD(CertificateID.HASH_SHA1, "SHA-1", true);

        private final AlgorithmIdentifier hashAlgorithm;
        private final String hashName;
        private final boolean nonce;

        Style(AlgorithmIdentifier hashAlgorithm, String hashName, boolean nonce) {
            this.hashAlgorithm = hashAlgorithm;
            this.hashName = hashName;
            this.nonce = nonce;
        }
    }

    private final String url;
    private final Style style;
    private final X509Certificate cert;
    private final X509Certificate issuer;
    private final X509CertificateHolder issuerHolder;
    private final Duration clockSkew;
    private final Instant now = Instant.now();

    private byte[] nonceValue;
    private String method = "POST";
    private long elapsedMillis;
    /** Who the response says signed it, until the signature has verified. */
    private String claimedSigner;
    private String signer;
    private Instant thisUpdate;
    private Instant nextUpdate;
    private Instant revokedAt;
    private String revocationReason;
    private Nonce nonce = Nonce.NOT_SENT;
    private String freshnessProblem;
    /** Set when the answer fails a check that Go's OCSP parser (so CockroachDB) does not make. */
    private boolean cockroachWouldAccept;

    private OcspExchange(String url, Style style, X509Certificate cert, X509Certificate issuer, Duration clockSkew) {
        this.url = url;
        this.style = style;
        this.cert = cert;
        this.issuer = issuer;
        this.clockSkew = clockSkew;
        try {
            this.issuerHolder = new JcaX509CertificateHolder(issuer);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate re-encodes", e);
        }
    }

    /** Asks {@code url} about {@code cert} in the given style and returns the verified verdict. */
    static OcspAnswer ask(HttpFetcher http, String url, Style style, X509Certificate cert, X509Certificate issuer, Duration clockSkew) {
        return new OcspExchange(url, style, cert, issuer, clockSkew).run(http);
    }

    private OcspAnswer run(HttpFetcher http) {
        byte[] request = buildRequest();
        String segment = URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);
        HttpFetcher.Fetched fetched;
        try {
            if (style == Style.STANDARD && segment.length() < MAX_GET_SEGMENT) {
                method = "GET";
                fetched = http.get(url, segment, MAX_RESPONSE_BYTES);
            } else {
                fetched = http.post(url, request, REQUEST_TYPE, MAX_RESPONSE_BYTES);
            }
        } catch (HttpFetcher.FetchFailed e) {
            elapsedMillis = e.elapsedMillis();
            return answer(Outcome.UNREACHABLE, e.getMessage());
        }
        elapsedMillis = fetched.elapsedMillis();
        if (fetched.status() != 200) {
            return answer(Outcome.UNREACHABLE, "HTTP status " + fetched.status() + " (CockroachDB: \"OCSP server returned status code " + fetched.status() + "\")");
        }
        if (fetched.tooLarge()) {
            return answer(Outcome.BAD_RESPONSE, "the response is larger than " + (MAX_RESPONSE_BYTES >> 10) + " KiB, so it was not read (an OCSP response is a few KiB)");
        }
        String typeProblem = contentTypeProblem(fetched.contentType());
        OcspAnswer verified = verify(fetched.body());
        if (typeProblem == null) {
            return verified;
        }
        if (verified.outcome() == Outcome.BAD_RESPONSE) {
            return answer(Outcome.BAD_RESPONSE, typeProblem + "; and " + verified.detail());
        }
        if (style == Style.COCKROACH) {
            // CockroachDB refuses the answer on the header alone, whatever the body says.
            return answer(Outcome.BAD_RESPONSE, typeProblem + " (the body itself is a valid signed '" + verified.outcome().label() + "' answer)");
        }
        return verified; // openssl and most clients ignore the header when the body verifies
    }

    private byte[] buildRequest() {
        try {
            CertificateID id = new CertificateID(DIGESTS.get(style.hashAlgorithm), issuerHolder, cert.getSerialNumber());
            OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
            if (style.nonce) {
                byte[] random = new byte[16];
                RANDOM.nextBytes(random);
                nonceValue = new DEROctetString(random).getEncoded();
                builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonceValue)));
            }
            return builder.build().getEncoded();
        } catch (OCSPException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build an OCSP request: " + e.getMessage(), e);
        }
    }

    /** CockroachDB wants the header to be exactly application/ocsp-response; others accept parameters after it. */
    private String contentTypeProblem(String contentType) {
        if (contentType == null) {
            return "no Content-Type header (CockroachDB requires exactly '" + RESPONSE_TYPE + "')";
        }
        boolean ok = style == Style.COCKROACH
                ? contentType.equals(RESPONSE_TYPE)
                : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT).equals(RESPONSE_TYPE);
        return ok ? null : "Content-Type is '" + contentType + "', not exactly '" + RESPONSE_TYPE + "' as CockroachDB requires";
    }

    private OcspAnswer verify(byte[] body) {
        OCSPResp response;
        Object content;
        try {
            response = new OCSPResp(body);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                return refusal(response.getStatus());
            }
            content = response.getResponseObject();
        } catch (IOException | OCSPException | RuntimeException e) {
            return malformed("malformed: not a DER-encoded OCSP response (" + body.length + " bytes)");
        }
        if (!(content instanceof BasicOCSPResp basic)) {
            return malformed("malformed: not a basic OCSP response");
        }
        try {
            return verify(basic);
        } catch (RuntimeException damaged) {
            // BouncyCastle decodes the parts of a response (certificates, names, single answers) only when asked, and
            // reports a damaged one with a runtime exception
            return malformed("malformed: a part of the basic OCSP response does not decode");
        }
    }

    private OcspAnswer verify(BasicOCSPResp basic) {
        StringBuilder signerProblem = new StringBuilder();
        X509CertificateHolder signerCert = authorisedSigner(basic, signerProblem);
        if (signerCert == null) {
            return answer(Outcome.BAD_RESPONSE, "unauthorised signer: " + signerProblem);
        }
        String signatureProblem = signatureProblem(basic, signerCert);
        if (signatureProblem != null) {
            return answer(Outcome.BAD_RESPONSE, signatureProblem);
        }
        String goProblem = style == Style.COCKROACH ? goParserProblem(basic) : null;
        if (goProblem != null) {
            return answer(Outcome.BAD_RESPONSE, goProblem);
        }
        signer = claimedSigner;
        StringBuilder mismatch = new StringBuilder();
        SingleResp single = answerFor(basic, mismatch);
        if (single == null) {
            return answer(Outcome.BAD_RESPONSE, "CertID mismatch: " + mismatch);
        }
        if (nonceValue != null) {
            Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (echoed == null) {
                nonce = Nonce.OMITTED;
            } else if (Arrays.equals(echoed.getExtnValue().getOctets(), nonceValue)) {
                nonce = Nonce.ECHOED;
            } else {
                return answer(Outcome.BAD_RESPONSE, "nonce mismatch: the response carries a nonce other than the one we sent (a replayed or mixed-up answer)");
            }
        }
        thisUpdate = single.getThisUpdate().toInstant();
        nextUpdate = single.getNextUpdate() != null ? single.getNextUpdate().toInstant() : null;
        freshnessProblem = RevocationWords.freshness(thisUpdate, nextUpdate, now, clockSkew);
        String hashNote = style.hashAlgorithm.getAlgorithm().equals(single.getCertID().getHashAlgOID())
                ? "" : " (answered with a CertID of another hash algorithm)";
        CertificateStatus status = single.getCertStatus();
        if (status == CertificateStatus.GOOD) {
            return answer(Outcome.GOOD, "good, signed by " + signer + hashNote);
        }
        if (status instanceof RevokedStatus revoked) {
            revokedAt = revoked.getRevocationTime().toInstant();
            revocationReason = revoked.hasRevocationReason() ? RevocationWords.reason(revoked.getRevocationReason()) : null;
            return answer(Outcome.REVOKED, "revoked on " + RevocationWords.date(revokedAt)
                    + (revocationReason != null ? " (" + revocationReason + ")" : "") + ", signed by " + signer + hashNote);
        }
        if (status instanceof UnknownStatus) {
            return answer(Outcome.UNKNOWN, "the responder answered 'unknown': it does not know this certificate" + hashNote);
        }
        return answer(Outcome.BAD_RESPONSE, "malformed: a certificate status that is neither good, revoked nor unknown");
    }

    private OcspAnswer refusal(int status) {
        return switch (status) {
            case OCSPResp.MALFORMED_REQUEST -> answer(Outcome.REFUSED, "the responder answered 'malformedRequest' to the " + style.hashName + " request");
            case OCSPResp.UNAUTHORIZED -> answer(Outcome.REFUSED, "the responder answered 'unauthorized': it does not answer for this certificate (asked with a " + style.hashName + " CertID)");
            case OCSPResp.SIG_REQUIRED -> answer(Outcome.REFUSED, "the responder answered 'sigRequired': it wants signed requests, which CockroachDB never sends");
            case OCSPResp.INTERNAL_ERROR -> answer(Outcome.UNREACHABLE, "the responder answered 'internalError'");
            case OCSPResp.TRY_LATER -> answer(Outcome.UNREACHABLE, "the responder answered 'tryLater'");
            default -> answer(Outcome.BAD_RESPONSE, "malformed: response status " + status + " does not exist");
        };
    }

    /**
     * RFC 6960 §4.2.2.2: the response must be signed by the issuer itself, or by a responder certificate
     * the issuer signed that carries the OCSPSigning EKU (and is valid now). Returns that certificate, or
     * null with the reason in {@code problem}.
     */
    private X509CertificateHolder authorisedSigner(BasicOCSPResp basic, StringBuilder problem) {
        ResponderID responder = basic.getResponderId().toASN1Primitive();
        String issuerName = RevocationWords.name(issuer.getSubjectX500Principal());
        if (identifies(responder, issuerHolder)) {
            claimedSigner = "the issuer " + issuerName;
            return issuerHolder;
        }
        for (X509CertificateHolder candidate : basic.getCerts()) {
            if (!identifies(responder, candidate)) {
                continue;
            }
            String name = name(candidate.getSubject());
            if (!candidate.getIssuer().equals(issuerHolder.getSubject()) || !isSignedBy(candidate, issuer.getPublicKey())) {
                problem.append("responder certificate ").append(name).append(" was not issued by ").append(issuerName).append(", the certificate's issuer");
            } else if (!hasOcspSigning(candidate)) {
                problem.append("responder certificate ").append(name).append(" lacks the OCSPSigning extended key usage");
                cockroachWouldAccept = style == Style.COCKROACH;
            } else if (!candidate.isValidOn(Date.from(now))) {
                cockroachWouldAccept = style == Style.COCKROACH;
                problem.append("responder certificate ").append(name).append(" is not valid now (valid ")
                        .append(RevocationWords.date(candidate.getNotBefore().toInstant())).append(" to ")
                        .append(RevocationWords.date(candidate.getNotAfter().toInstant())).append(")");
            } else {
                claimedSigner = "delegated responder " + name;
                return candidate;
            }
            return null;
        }
        problem.append("the response names responder ").append(describe(responder)).append(", which is neither the issuer ")
                .append(issuerName).append(" nor a responder certificate included in the response");
        return null;
    }

    /**
     * Go's OCSP parser, which CockroachDB uses, treats a certificate in the response differently from
     * RFC 6960: it verifies the response with the first certificate carried and requires the issuer to
     * have signed that certificate. A responder that includes the issuing CA's own certificate (openssl
     * ocsp does by default with {@code -rsigner ca.crt}) therefore fails in CockroachDB unless the CA is
     * a self-signed root.
     */
    private String goParserProblem(BasicOCSPResp basic) {
        X509CertificateHolder[] carried = basic.getCerts();
        if (carried.length == 0) {
            return null;
        }
        X509CertificateHolder first = carried[0];
        String fix = "; CockroachDB (Go's OCSP parser) then rejects the answer (\"bad OCSP signature\"): make the responder include"
                + " no certificate (openssl ocsp: -resp_no_certs) or only a delegated responder certificate the CA signed";
        if (!isSignedBy(first, issuer.getPublicKey())) {
            return "the response carries certificate " + name(first.getSubject()) + ", which the issuer "
                    + RevocationWords.name(issuer.getSubjectX500Principal()) + " did not sign"
                    + (first.getSubject().equals(issuerHolder.getSubject()) ? " (it is the issuer's own certificate, and only a self-signed root signs itself)" : "")
                    + fix;
        }
        try {
            if (basic.isSignatureValid(verifier(publicKey(first)))) {
                return null;
            }
        } catch (OCSPException | OperatorCreationException | GeneralSecurityException e) {
            // falls through: Go cannot verify it either
        }
        return "the response is not signed by the key of the first certificate it carries, " + name(first.getSubject()) + fix;
    }

    private String signatureProblem(BasicOCSPResp basic, X509CertificateHolder signerCert) {
        try {
            if (basic.isSignatureValid(verifier(publicKey(signerCert)))) {
                return null;
            }
            return "bad signature: the response does not verify with the key of " + claimedSigner;
        } catch (OCSPException | OperatorCreationException | GeneralSecurityException e) {
            return "bad signature: cannot verify it with the key of " + claimedSigner + " (" + e.getMessage() + ")";
        }
    }

    /** The single answer about our certificate: same serial, and issuer hashes that match our issuer under the answer's hash algorithm. */
    private SingleResp answerFor(BasicOCSPResp basic, StringBuilder mismatch) {
        for (SingleResp single : basic.getResponses()) {
            CertificateID id = single.getCertID();
            if (!id.getSerialNumber().equals(cert.getSerialNumber())) {
                mismatch.setLength(0);
                mismatch.append("the response answers for serial ").append(id.getSerialNumber().toString(16).toUpperCase(Locale.ROOT))
                        .append(", not ").append(cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
                continue;
            }
            boolean sameIssuer;
            try {
                sameIssuer = id.matchesIssuer(issuerHolder, DIGESTS);
            } catch (OCSPException unsupportedHash) {
                sameIssuer = false;
            }
            if (sameIssuer) {
                return single;
            }
            cockroachWouldAccept = style == Style.COCKROACH; // Go matches the serial number only
            mismatch.setLength(0);
            mismatch.append("the response answers for serial ").append(id.getSerialNumber().toString(16).toUpperCase(Locale.ROOT))
                    .append(" of another issuer (its issuer name and key hashes are not those of ")
                    .append(RevocationWords.name(issuer.getSubjectX500Principal())).append(")");
        }
        if (mismatch.length() == 0) {
            mismatch.append("the response holds no answer at all");
        }
        return null;
    }

    private static boolean identifies(ResponderID responder, X509CertificateHolder cert) {
        if (responder.getName() != null) {
            return responder.getName().equals(cert.getSubject());
        }
        byte[] keyHash = responder.getKeyHash();
        return keyHash != null && Arrays.equals(keyHash, sha1(cert.getSubjectPublicKeyInfo().getPublicKeyData().getBytes()));
    }

    private static String describe(ResponderID responder) {
        return responder.getName() != null ? name(responder.getName())
                : "with key hash " + HexFormat.of().withUpperCase().formatHex(responder.getKeyHash());
    }

    private static boolean isSignedBy(X509CertificateHolder cert, PublicKey key) {
        try {
            return cert.isSignatureValid(verifier(key));
        } catch (CertException | OperatorCreationException e) {
            return false;
        }
    }

    private static boolean hasOcspSigning(X509CertificateHolder cert) {
        Extension eku = cert.getExtension(Extension.extendedKeyUsage);
        return eku != null && ExtendedKeyUsage.getInstance(eku.getParsedValue()).hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
    }

    private static ContentVerifierProvider verifier(PublicKey key) throws OperatorCreationException {
        return new JcaContentVerifierProviderBuilder().build(key);
    }

    private static PublicKey publicKey(X509CertificateHolder cert) throws GeneralSecurityException {
        try {
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(cert).getPublicKey();
        } catch (java.security.cert.CertificateException e) {
            throw new GeneralSecurityException("cannot read the signer's key: " + e.getMessage(), e);
        }
    }

    private static String name(X500Name name) {
        try {
            return RevocationWords.name(new X500Principal(name.getEncoded()));
        } catch (IOException | IllegalArgumentException e) {
            return "'" + OneLine.of(name.toString()) + "'";
        }
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /**
     * An answer that does not decode: nothing read from it before the damage showed counts (signer, dates,
     * nonce), nor does a reason CockroachDB might have had to accept it, since Go's parser fails on it too.
     */
    private OcspAnswer malformed(String detail) {
        return new OcspAnswer(url, method, style.hashName, style.nonce, Outcome.BAD_RESPONSE, detail, null, null, null,
                null, null, Nonce.NOT_SENT, null, false, elapsedMillis, false);
    }

    private OcspAnswer answer(Outcome outcome, String detail) {
        return new OcspAnswer(url, method, style.hashName, style.nonce, outcome, detail, signer, thisUpdate, nextUpdate,
                revokedAt, revocationReason, nonce, freshnessProblem, outcome == Outcome.BAD_RESPONSE && cockroachWouldAccept, elapsedMillis, false);
    }
}
