package dev.tlsdoctor.testing;

import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Certificates written field by field (BouncyCastle's ASN.1 classes, signed with an RSA key), so that one
 * field can be made odd in a way certificate builders refuse to produce: what real-world corpora hold and
 * strict parsers (the JDK's, Go's) refuse while OpenSSL reads it.
 */
public final class OddCertificates {
    /** One oddity each; {@link #NONE} is the same certificate without one, which every parser reads. */
    public enum Oddity {
        NONE,
        EMPTY_ISSUER,
        VERSION_4,
        DUPLICATE_EXTENSION,
        SIGNATURE_ALGORITHM_MISMATCH,
        MONTH_13,
        DSA_INHERITED_PARAMETERS
    }

    private static final AlgorithmIdentifier SHA256_RSA = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption);
    private static final AlgorithmIdentifier SHA384_RSA = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha384WithRSAEncryption);

    private static KeyPair dsa;

    private OddCertificates() {}

    /** A DER leaf certificate for {@code cn} with {@code oddity}, signed by {@code issuer}'s key (its chain does not verify unless noted). */
    public static byte[] der(Oddity oddity, String cn, Pki.Issued issuer) {
        KeyPair subjectKey = oddity == Oddity.DSA_INHERITED_PARAMETERS ? dsaKey() : Pki.key("rsa");
        ASN1Encodable spki = SubjectPublicKeyInfo.getInstance(subjectKey.getPublic().getEncoded());
        if (oddity == Oddity.DSA_INHERITED_PARAMETERS) {
            // the key's parameters left to be inherited from the issuer (RFC 3279 2.3.2): the algorithm identifier without them
            spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_dsa), ((SubjectPublicKeyInfo) spki).getPublicKeyData().getBytes());
        }
        X500Name issuerName = X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
        ASN1EncodableVector tbs = new ASN1EncodableVector();
        tbs.add(new DERTaggedObject(true, 0, new ASN1Integer(oddity == Oddity.VERSION_4 ? 3 : 2)));
        tbs.add(new ASN1Integer(BigInteger.valueOf(System.nanoTime() & 0xffffffffL)));
        tbs.add(SHA256_RSA);
        tbs.add(oddity == Oddity.EMPTY_ISSUER ? new DERSequence() : issuerName);
        Instant now = Instant.now();
        tbs.add(new DERSequence(new ASN1Encodable[] {
            utcTime(now.minusSeconds(86_400), UnaryOperator.identity()),
            utcTime(now.plusSeconds(365L * 86_400), oddity == Oddity.MONTH_13 ? t -> t.substring(0, 2) + "13" + t.substring(4) : UnaryOperator.identity())}));
        tbs.add(new X500Name("CN=" + cn));
        tbs.add(spki);
        ASN1EncodableVector extensions = new ASN1EncodableVector();
        extensions.add(new Extension(Extension.basicConstraints, false, octets(new BasicConstraints(false))));
        if (oddity == Oddity.DUPLICATE_EXTENSION) {
            extensions.add(new Extension(Extension.basicConstraints, false, octets(new BasicConstraints(false))));
        }
        tbs.add(new DERTaggedObject(true, 3, new DERSequence(extensions)));
        byte[] tbsDer = encode(new DERSequence(tbs));
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(issuer.keyPair().getPrivate());
            signer.update(tbsDer);
            AlgorithmIdentifier outer = oddity == Oddity.SIGNATURE_ALGORITHM_MISMATCH ? SHA384_RSA : SHA256_RSA;
            return encode(new DERSequence(new ASN1Encodable[] {ASN1Primitive.fromByteArray(tbsDer), outer, new DERBitString(signer.sign())}));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same as PEM text. */
    public static String pem(Oddity oddity, String cn, Pki.Issued issuer) {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der(oddity, cn, issuer))
                + "\n-----END CERTIFICATE-----\n";
    }

    /** A UTCTime whose text {@code edit} may change (to a value no calendar has), encoded as is. */
    private static ASN1Primitive utcTime(Instant at, UnaryOperator<String> edit) {
        String text = edit.apply(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC).format(at));
        byte[] tlv = new byte[2 + text.length()];
        tlv[0] = 0x17;
        tlv[1] = (byte) text.length();
        System.arraycopy(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, tlv, 2, text.length());
        try {
            return ASN1Primitive.fromByteArray(tlv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DEROctetString octets(ASN1Encodable value) {
        return new DEROctetString(encode(value));
    }

    private static byte[] encode(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One DSA key for every certificate: generating DSA parameters takes seconds. */
    private static synchronized KeyPair dsaKey() {
        if (dsa == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("DSA");
                generator.initialize(2048);
                dsa = generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return dsa;
    }
}
