package dev.tlsdoctor.certs;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;

/**
 * Reads one DER certificate of a file: with the JDK's parser, else (when it refuses) with BouncyCastle's,
 * else, when the bytes still have a certificate's outline, as an outline only. What the JDK refused is
 * added to the file's {@link RefusedCertificate}s; bytes with no certificate's outline are malformed.
 */
final class CertReader {
    /** BouncyCastle's provider, used without registering it: JCA lookups elsewhere keep the JDK's own. */
    private static final class Lenient {
        static final Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    /** The contents of the common name's OID, 2.5.4.3. */
    private static final byte[] COMMON_NAME = {0x55, 0x04, 0x03};

    private final Path file;
    private final CertParser.Encoding encoding;
    private final List<RefusedCertificate> refused;

    CertReader(Path file, CertParser.Encoding encoding, List<RefusedCertificate> refused) {
        this.file = file;
        this.encoding = encoding;
        this.refused = refused;
    }

    static Provider bouncyCastle() {
        return Lenient.PROVIDER;
    }

    /**
     * The certificate, or null when only its outline could be read (then a {@link RefusedCertificate} says so).
     *
     * @param place where it is in the file ({@code #2}, {@code :alias}, or empty)
     * @param what how errors name it: "certificate #2"
     */
    X509Certificate read(byte[] der, String place, String what) throws BadFileException {
        try {
            return (X509Certificate) CertParser.X509_FACTORY.get().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            String jdkReason = CertParser.rootCauseMessage(e);
            String subject = outlineSubject(der);
            if (subject == null) {
                throw new BadFileException(file, what + " does not parse as X.509" + (jdkReason != null ? ": " + jdkReason : ""));
            }
            X509Certificate lenient = bouncyCastleRead(der);
            refused.add(new RefusedCertificate(file, encoding, place, der, jdkReason == null ? "refused" : OneLine.of(jdkReason), lenient, subject));
            return lenient;
        }
    }

    private static X509Certificate bouncyCastleRead(byte[] der) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", Lenient.PROVIDER).generateCertificate(new ByteArrayInputStream(der));
            // BouncyCastle decodes some fields only when asked (a time it cannot parse throws then): what the checks ask, asked
            // once here, so a certificate it cannot fully present is reported as refused and not judged, not a crash in a check
            cert.getPublicKey().getAlgorithm();
            cert.getNotBefore();
            cert.getNotAfter();
            cert.getSubjectX500Principal();
            cert.getIssuerX500Principal();
            cert.getKeyUsage();
            cert.getBasicConstraints();
            cert.getExtendedKeyUsage();
            cert.getSubjectAlternativeNames();
            cert.getEncoded();
            return cert;
        } catch (CertificateException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The subject of bytes with a certificate's outline (a SEQUENCE of the to-be-signed SEQUENCE, an
     * algorithm and a BIT STRING signature, the first holding a subject name where RFC 5280 puts it):
     * {@code CN=name}, or "no common name"; null when the bytes have no such outline.
     */
    static String outlineSubject(byte[] der) {
        try {
            ASN1Sequence cert = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (cert.size() != 3 || !(cert.getObjectAt(2) instanceof ASN1BitString)) {
                return null;
            }
            ASN1Sequence.getInstance(cert.getObjectAt(1));
            ASN1Sequence tbs = ASN1Sequence.getInstance(cert.getObjectAt(0));
            int subjectAt = tbs.getObjectAt(0) instanceof ASN1TaggedObject ? 5 : 4;
            byte[] subject = ASN1Sequence.getInstance(tbs.getObjectAt(subjectAt)).getEncoded();
            List<String> cn = NameDer.values(subject, COMMON_NAME);
            return cn.isEmpty() ? "no common name" : "CN=" + OneLine.of(cn.get(0));
        } catch (java.io.IOException | RuntimeException e) { // BouncyCastle reports malformed ASN.1 with assorted runtime exceptions
            return null;
        }
    }

    /** The first DER element of {@code der} (a TRUSTED CERTIFICATE's certificate, without the trust settings after it). */
    static byte[] firstElement(byte[] der) {
        if (der.length < 2) {
            return der;
        }
        int first = der[1] & 0xff;
        long length;
        int header;
        if (first < 0x80) {
            length = first;
            header = 2;
        } else {
            int lengthBytes = first & 0x7f;
            if (lengthBytes == 0 || lengthBytes > 4 || der.length < 2 + lengthBytes) {
                return der; // indefinite or absurd: left for the parser to refuse
            }
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = length << 8 | (der[2 + i] & 0xff);
            }
            header = 2 + lengthBytes;
        }
        return header + length >= der.length ? der : Arrays.copyOf(der, (int) (header + length));
    }
}
