package dev.tlsdoctor.demo;

import dev.tlsdoctor.pki.Pki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
 * An OCSP answer to one request, built with BouncyCastle: good and correctly signed unless told
 * otherwise. The demo's responder answers with it; tests shape it into the faults real responders
 * do not produce (forged, stale, mismatched, nonce games).
 */
public final class OcspResponseBuilder {
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

    public OcspResponseBuilder(OCSPReq request) {
        this.request = request;
    }

    /** Signed by the issuer itself, named by its subject. */
    public OcspResponseBuilder signedBy(Pki.Issued signer) {
        this.signingKey = signer.keyPair();
        this.responderName = X500Name.getInstance(signer.cert().getSubjectX500Principal().getEncoded());
        return this;
    }

    /** Signed by a responder whose certificate travels in the answer. */
    public OcspResponseBuilder signedByResponder(Pki.Issued responder) {
        signedBy(responder);
        try {
            certs.add(new JcaX509CertificateHolder(responder.cert()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Claims to be from {@code claimed} (responder name) but is signed with another key. */
    public OcspResponseBuilder forgedAs(Pki.Issued claimed, KeyPair actualKey) {
        signedBy(claimed);
        this.signingKey = actualKey;
        return this;
    }

    public OcspResponseBuilder revoked(Instant when, int reason) {
        this.status = new RevokedStatus(Date.from(when), reason);
        return this;
    }

    public OcspResponseBuilder unknown() {
        this.status = new UnknownStatus();
        return this;
    }

    public OcspResponseBuilder validity(Instant thisUpdate, Instant nextUpdate) {
        this.thisUpdate = thisUpdate;
        this.nextUpdate = nextUpdate;
        return this;
    }

    /** Answer for another serial number than the one asked about. */
    public OcspResponseBuilder forSerial(BigInteger other) {
        this.serial = other;
        return this;
    }

    /** Leave the request's nonce out, as responders with pre-produced answers do. */
    public OcspResponseBuilder dropNonce() {
        this.echoNonce = false;
        return this;
    }

    /** Put another nonce than the request's into the answer. */
    public OcspResponseBuilder wrongNonce() {
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
            throw new IllegalStateException("cannot build the OCSP answer", e);
        }
    }
}
