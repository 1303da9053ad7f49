package dev.tlsdoctor.certs;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Attribute values read straight from the DER of an X.501 name (SEQUENCE OF SET OF SEQUENCE {type,
 * value}), multi-valued RDNs included, as Go's pkix.Name reads them. The JDK has already parsed the
 * name, so the structure is sound; the strings are decoded leniently, as the JDK decodes them (a bad
 * UTF-8 sequence becomes U+FFFD), where BouncyCastle's string classes throw on them. Go's parser refuses
 * a certificate whose name holds such a string, or a value that is no string at all; that is not judged here.
 */
final class NameDer {
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int OID = 0x06;
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");

    /** A DER element of {@code der}: its tag, where its contents start and where it ends. */
    private record Element(int tag, int start, int contentStart, int end) {}

    private NameDer() {}

    /**
     * @param name the DER of a Name
     * @param type the contents of the attribute type's OID, e.g. {@code 55 04 03} for CN (2.5.4.3)
     */
    static List<String> values(byte[] name, byte[] type) {
        List<String> values = new ArrayList<>(1);
        Element sequence = element(name, 0, name.length);
        if (sequence == null || sequence.tag() != SEQUENCE) {
            return values;
        }
        for (Element rdn = element(name, sequence.contentStart(), sequence.end()); rdn != null && rdn.tag() == SET;
                rdn = element(name, rdn.end(), sequence.end())) {
            for (Element attribute = element(name, rdn.contentStart(), rdn.end()); attribute != null && attribute.tag() == SEQUENCE;
                    attribute = element(name, attribute.end(), rdn.end())) {
                Element oid = element(name, attribute.contentStart(), attribute.end());
                Element value = oid == null ? null : element(name, oid.end(), attribute.end());
                if (value != null && oid.tag() == OID
                        && Arrays.equals(name, oid.contentStart(), oid.end(), type, 0, type.length)) {
                    values.add(text(name, value));
                }
            }
        }
        return values;
    }

    /** The value as text: a string type decoded by its charset, anything else as RFC 4514's {@code #} and the DER in hex. */
    private static String text(byte[] der, Element value) {
        Charset charset = switch (value.tag()) {
            case 0x0c -> StandardCharsets.UTF_8;                      // UTF8String
            case 0x1e -> StandardCharsets.UTF_16BE;                   // BMPString
            case 0x1c -> UTF_32BE;                                    // UniversalString
            case 0x12, 0x13, 0x14, 0x16, 0x1a -> StandardCharsets.ISO_8859_1; // Numeric, Printable, T61, IA5, Visible: bytes as they are
            default -> null;
        };
        int contentLength = value.end() - value.contentStart();
        return charset != null ? new String(der, value.contentStart(), contentLength, charset)
                : "#" + HexFormat.of().formatHex(der, value.start(), value.end());
    }

    /** The element at {@code at}, or null where none fits before {@code limit} (definite lengths only, as DER has). */
    private static Element element(byte[] der, int at, int limit) {
        if (at + 2 > limit) {
            return null;
        }
        int tag = der[at] & 0xff;
        int first = der[at + 1] & 0xff;
        int contentStart = at + 2;
        long length = first;
        if (first >= 0x80) {
            int lengthBytes = first & 0x7f;
            if (lengthBytes == 0 || lengthBytes > 4 || contentStart + lengthBytes > limit) {
                return null;
            }
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (der[contentStart + i] & 0xff);
            }
            contentStart += lengthBytes;
        }
        long end = contentStart + length;
        return end <= limit ? new Element(tag, at, contentStart, (int) end) : null;
    }
}
