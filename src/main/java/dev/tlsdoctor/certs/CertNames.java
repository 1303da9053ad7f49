package dev.tlsdoctor.certs;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** Names in a certificate: subject fields and subject alternative names. */
public final class CertNames {
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final int SAN_IP = 7;
    private static final int SAN_EMAIL = 1;
    /** The DER contents of the OIDs of the subject attributes that checks ask for: 2.5.4.3, 2.5.4.11, 2.5.4.10. */
    private static final Map<String, byte[]> ATTRIBUTE_TYPES = Map.of(
            "CN", new byte[] {0x55, 0x04, 0x03},
            "OU", new byte[] {0x55, 0x04, 0x0b},
            "O", new byte[] {0x55, 0x04, 0x0a});

    private CertNames() {}

    /** The RFC 4514 form of a name, as CockroachDB prints DNs (e.g. {@code CN=node,O=Cockroach}), on one line whatever it holds. */
    public static String shortName(X500Principal name) {
        return OneLine.of(name.getName(X500Principal.RFC2253));
    }

    /** The first value of an attribute (e.g. CN, OU) in the subject, or null. */
    public static String subjectAttribute(X509Certificate cert, String type) {
        List<String> values = subjectAttributes(cert, type);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Every value of an attribute (CN, OU or O) in the subject, in certificate order, multi-valued RDNs
     * included, as Go's pkix.Name reads them. Read from the DER: the RFC 2253 text and LdapName's parser
     * cost more, and checks ask this of every certificate.
     */
    public static List<String> subjectAttributes(X509Certificate cert, String type) {
        byte[] oid = ATTRIBUTE_TYPES.get(type);
        if (oid == null) {
            throw new IllegalArgumentException("no subject attribute type " + type);
        }
        return NameDer.values(cert.getSubjectX500Principal().getEncoded(), oid);
    }

    public static List<String> dnsNames(X509Certificate cert) {
        return sans(cert, SAN_DNS);
    }

    public static List<String> ipAddresses(X509Certificate cert) {
        return sans(cert, SAN_IP);
    }

    public static List<String> uris(X509Certificate cert) {
        return sans(cert, SAN_URI);
    }

    /** Every SAN as {@code DNS:x}, {@code IP:x}, {@code URI:x}, {@code email:x}, in certificate order. */
    public static List<String> allSans(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        for (List<?> entry : sanEntries(cert)) {
            int type = (Integer) entry.get(0);
            String prefix = switch (type) {
                case SAN_DNS -> "DNS:";
                case SAN_IP -> "IP:";
                case SAN_URI -> "URI:";
                case SAN_EMAIL -> "email:";
                default -> null;
            };
            if (prefix != null) {
                out.add(prefix + entry.get(1));
            }
        }
        return out;
    }

    private static List<String> sans(X509Certificate cert, int wanted) {
        List<String> out = new ArrayList<>();
        for (List<?> entry : sanEntries(cert)) {
            if ((Integer) entry.get(0) == wanted) {
                out.add(String.valueOf(entry.get(1)));
            }
        }
        return out;
    }

    private static Collection<List<?>> sanEntries(X509Certificate cert) {
        try {
            Collection<List<?>> entries = cert.getSubjectAlternativeNames();
            return entries != null ? entries : List.of();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
