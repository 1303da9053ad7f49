package dev.tlsdoctor.certs;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The checks of Go's {@code crypto/x509} {@code parseCertificate} (parser.go) that certificates from the
 * wild fail, mirrored to tell whether CockroachDB and other Go programs can load a certificate the JDK
 * refused: the version, the serial's sign (Go 1.23+), inner and outer signature algorithm identifiers
 * compared byte for byte, validity times as cryptobyte's ReadASN1UTCTime and ReadASN1GeneralizedTime
 * read them, DSA and RSA key parameters (parsePublicKey), and duplicate extensions. Go checks more than
 * this (each known extension's content), so a certificate that passes is not said to load in Go.
 */
public final class GoCertificateChecks {
    /** Go's UTCTime layouts "060102150405Z0700" and, as a fallback, "0601021504Z0700". */
    private static final Pattern UTC_TIME = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})?(Z|[+-]\\d{4})");
    /** Go's GeneralizedTime layout "20060102150405.999999999Z0700": a fraction without trailing zeros. */
    private static final Pattern GENERALIZED_TIME = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\.\\d*[1-9])?(Z|[+-]\\d{4})");

    /** What {@link #refusal} says when it cannot tell. */
    public static final String UNDETERMINED = "undetermined";

    private GoCertificateChecks() {}

    /**
     * Go's error for {@code der}, e.g. {@code x509: invalid version}; null when it passes these checks;
     * {@link #UNDETERMINED} when the outline is too damaged to walk.
     */
    public static String refusal(byte[] der) {
        try {
            ASN1Sequence cert = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            ASN1Sequence tbs = ASN1Sequence.getInstance(cert.getObjectAt(0));
            int i = 0;
            BigInteger version = BigInteger.ZERO;
            if (tbs.getObjectAt(0) instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 0) {
                version = ASN1Integer.getInstance(tagged.getExplicitBaseObject()).getValue();
                i++;
            }
            if (version.signum() < 0 || version.compareTo(BigInteger.valueOf(3)) > 0) {
                return "x509: malformed version";
            }
            if (version.intValue() == 3) {
                return "x509: invalid version";
            }
            if (ASN1Integer.getInstance(tbs.getObjectAt(i++)).getValue().signum() < 0) {
                return "x509: negative serial number";
            }
            ASN1Encodable innerAlgorithm = tbs.getObjectAt(i++);
            if (!java.util.Arrays.equals(innerAlgorithm.toASN1Primitive().getEncoded(), cert.getObjectAt(1).toASN1Primitive().getEncoded())) {
                return "x509: inner and outer signature algorithm identifiers don't match";
            }
            i++; // issuer: parseName takes an empty name
            ASN1Sequence validity = ASN1Sequence.getInstance(tbs.getObjectAt(i++));
            for (ASN1Encodable time : validity) {
                String problem = timeProblem(time);
                if (problem != null) {
                    return problem;
                }
            }
            i++; // subject
            ASN1Sequence keyAlgorithm = ASN1Sequence.getInstance(ASN1Sequence.getInstance(tbs.getObjectAt(i++)).getObjectAt(0));
            ASN1ObjectIdentifier keyOid = ASN1ObjectIdentifier.getInstance(keyAlgorithm.getObjectAt(0));
            if (keyOid.equals(X9ObjectIdentifiers.id_dsa) && !(keyAlgorithm.size() > 1 && keyAlgorithm.getObjectAt(1) instanceof ASN1Sequence)) {
                return "x509: invalid DSA parameters";
            }
            if (keyOid.equals(PKCSObjectIdentifiers.rsaEncryption) && !(keyAlgorithm.size() > 1 && keyAlgorithm.getObjectAt(1) instanceof DERNull)) {
                return "x509: RSA key missing NULL parameters";
            }
            for (; i < tbs.size(); i++) {
                if (tbs.getObjectAt(i) instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 3) {
                    Set<ASN1ObjectIdentifier> seen = new HashSet<>();
                    for (ASN1Encodable extension : ASN1Sequence.getInstance(tagged.getExplicitBaseObject())) {
                        ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(ASN1Sequence.getInstance(extension).getObjectAt(0));
                        if (!seen.add(oid)) {
                            return "x509: certificate contains duplicate extension with OID \"" + oid.getId() + "\"";
                        }
                    }
                }
            }
            return null;
        } catch (java.io.IOException | RuntimeException e) { // BouncyCastle reports malformed ASN.1 with assorted runtime exceptions
            return UNDETERMINED;
        }
    }

    /** Go's error for one validity time, or null when Go reads it. */
    private static String timeProblem(ASN1Encodable time) throws java.io.IOException {
        ASN1Primitive primitive = time.toASN1Primitive();
        byte[] encoded = primitive.getEncoded();
        String text = new String(encoded, 2, encoded.length - 2, StandardCharsets.ISO_8859_1); // times are short: a one-byte length
        if (primitive instanceof ASN1UTCTime) {
            Matcher m = UTC_TIME.matcher(text);
            // Go's "06" reads 69-99 as 19xx; an offset of zero does not survive its re-formatting as "Z", which it then refuses
            int yy = m.matches() ? Integer.parseInt(m.group(1)) : 0;
            return m.matches() && validCalendar(yy >= 69 ? 1900 + yy : 2000 + yy, m.group(2), m.group(3), m.group(4), m.group(5), m.group(6))
                    && !m.group(7).substring(1).equals("0000") ? null : "x509: malformed UTCTime";
        }
        if (primitive instanceof ASN1GeneralizedTime) {
            Matcher m = GENERALIZED_TIME.matcher(text);
            return m.matches() && validCalendar(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6))
                    && !m.group(8).substring(1).equals("0000") ? null : "x509: malformed GeneralizedTime";
        }
        return "x509: unsupported time format";
    }

    /** Whether Go's time.Parse takes these fields: a real date, hours below 24, minutes and seconds below 60. */
    private static boolean validCalendar(int year, String month, String day, String hour, String minute, String second) {
        try {
            LocalDate.of(year, Integer.parseInt(month), Integer.parseInt(day));
        } catch (DateTimeException e) {
            return false;
        }
        return Integer.parseInt(hour) < 24 && Integer.parseInt(minute) < 60 && (second == null || Integer.parseInt(second) < 60);
    }
}
