package dev.tlsdoctor.certs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Derived facts about one certificate: key type and size, usages, fingerprint, validity. */
public final class CertFacts {
    public static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    public static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    public static final String EKU_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    public static final String EKU_ANY = "2.5.29.37.0";
    private static final String[] KEY_USAGE_NAMES = {
        "digitalSignature", "contentCommitment", "keyEncipherment", "dataEncipherment",
        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};

    private CertFacts() {}

    /** e.g. {@code RSA 2048}, {@code EC 256}, {@code Ed25519}. */
    public static String keyDescription(PublicKey key) {
        int bits = keyBits(key);
        return bits > 0 ? key.getAlgorithm() + " " + bits : key.getAlgorithm();
    }

    /** The key size in bits, or 0 when the notion does not apply (EdDSA) or it is not in the certificate. */
    public static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        return 0; // EdDSA; or a DSA key whose parameters are inherited from its issuer's (RFC 3279 2.3.2)
    }

    public static boolean isCa(X509Certificate cert) {
        return cert.getBasicConstraints() >= 0;
    }

    public static boolean isSelfIssued(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    }

    /** Extended key usage OIDs, or an empty list when the extension is absent (which allows any use). */
    public static List<String> extendedKeyUsages(X509Certificate cert) {
        try {
            List<String> ekus = cert.getExtendedKeyUsage();
            return ekus != null ? ekus : List.of();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** Whether the EKU extension, if present, allows {@code usage}, as Go's verifier judges it. */
    public static boolean allowsUsage(X509Certificate cert, String usage) {
        List<String> ekus = extendedKeyUsages(cert);
        return ekus.isEmpty() || ekus.contains(usage) || ekus.contains(EKU_ANY);
    }

    public static String ekuName(String oid) {
        return switch (oid) {
            case EKU_SERVER_AUTH -> "serverAuth";
            case EKU_CLIENT_AUTH -> "clientAuth";
            case EKU_OCSP_SIGNING -> "OCSPSigning";
            case EKU_ANY -> "anyExtendedKeyUsage";
            case "1.3.6.1.5.5.7.3.3" -> "codeSigning";
            case "1.3.6.1.5.5.7.3.4" -> "emailProtection";
            case "1.3.6.1.5.5.7.3.8" -> "timeStamping";
            default -> oid;
        };
    }

    public static List<String> keyUsageNames(X509Certificate cert) {
        boolean[] bits = cert.getKeyUsage();
        List<String> names = new ArrayList<>();
        if (bits != null) {
            for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.length; i++) {
                if (bits[i]) {
                    names.add(KEY_USAGE_NAMES[i]);
                }
            }
        }
        return names;
    }

    public static String sha256Fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 over a parsed certificate cannot fail", e);
        }
    }

    public static String serialHex(X509Certificate cert) {
        return cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    public static Instant notBefore(X509Certificate cert) {
        return cert.getNotBefore().toInstant();
    }

    public static Instant notAfter(X509Certificate cert) {
        return cert.getNotAfter().toInstant();
    }

    /** Seconds from {@code at} until the certificate expires; negative once expired. */
    public static long secondsLeft(X509Certificate cert, Instant at) {
        return Duration.between(at, notAfter(cert)).getSeconds();
    }

    /** Whole days from {@code at} until the certificate expires, as {@link #wholeDays} counts them: -3 once it expired 3 days ago. */
    public static long daysLeft(X509Certificate cert, Instant at) {
        return wholeDays(secondsLeft(cert, at));
    }

    /**
     * The one way days are counted in every output (text, JSON {@code days_left}, Nagios): complete days,
     * rounded toward zero, as monitoring plugins (check_http, check_ssl_cert) count them. 701.6 days left is
     * 701, expired 701.6 days ago is -701; less than a day either side of notAfter is 0, so whether a
     * certificate has expired is told by the sign of its seconds, never by its days.
     */
    public static long wholeDays(long seconds) {
        return seconds / 86_400L;
    }

    /** "701 days left", "less than a day left", "expired 3 days ago", "expired less than a day ago". */
    public static String expiryWords(long secondsLeft) {
        long days = Math.abs(wholeDays(secondsLeft));
        String span = days == 0 ? "less than a day" : days + (days == 1 ? " day" : " days");
        return secondsLeft < 0 ? "expired " + span + " ago" : span + " left";
    }
}
