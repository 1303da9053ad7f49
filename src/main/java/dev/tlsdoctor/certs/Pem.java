package dev.tlsdoctor.certs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * PEM blocks ({@code -----BEGIN TYPE-----}, optional RFC 1421 headers, base64, {@code -----END TYPE-----}),
 * read in one pass over the file's bytes: a certs directory holds thousands of small files, and a line
 * reader per file cost more than parsing the certificates in them. Text outside blocks is ignored, as
 * Go's {@code pem.Decode} ignores it; spaces and tabs inside the base64 are dropped, as Go drops them.
 */
final class Pem {
    private static final byte[] BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    private static final String DASHES = "-----";
    private static final Pattern PLAUSIBLE_TYPE = Pattern.compile("[A-Z0-9]+( [A-Z0-9]+){0,4}");

    /**
     * @param type e.g. {@code CERTIFICATE}, {@code RSA PRIVATE KEY}
     * @param encrypted whether its headers say {@code Proc-Type: 4,ENCRYPTED} (OpenSSL's legacy key encryption)
     * @param der the decoded body
     */
    record Block(String type, boolean encrypted, byte[] der) {
        /** The type as printed: a damaged BEGIN line can carry other text, even a key's base64, so only a plausible type name is echoed. */
        String typeShown() {
            return PLAUSIBLE_TYPE.matcher(type).matches() ? type : "an unrecognisable type line";
        }
    }

    /** Why a block cannot be read, worded without quoting the file's text (which could be key material). */
    static final class MalformedException extends Exception {
        MalformedException(String reason) {
            super(reason, null, false, false);
        }
    }

    private Pem() {}

    /** Whether the text has a BEGIN line at all (what tells PEM from DER and JSON). */
    static boolean mayContainBlocks(String text) {
        return text.contains("-----BEGIN ");
    }

    /** Every block, in order; a BEGIN line that names no type ends the reading, as in BouncyCastle's reader. */
    static List<Block> blocks(byte[] text) throws MalformedException {
        List<Block> blocks = new ArrayList<>(1);
        int at = lineStartingWithBegin(text, 0);
        while (at >= 0) {
            int lineEnd = endOfLine(text, at);
            String beginLine = new String(text, at, lineEnd - at, StandardCharsets.ISO_8859_1).strip();
            if (!beginLine.endsWith(DASHES) || beginLine.length() <= BEGIN.length + DASHES.length()) {
                return blocks;
            }
            String type = beginLine.substring(BEGIN.length, beginLine.length() - DASHES.length());
            at = lineStartingWithBegin(text, block(type, text, lineEnd + 1, blocks));
        }
        return blocks;
    }

    /**
     * Reads the headers (lines with a colon) and base64 from {@code from} up to the END line, adds the
     * block to {@code blocks}, and returns where the text after the END line starts.
     */
    private static int block(String type, byte[] text, int from, List<Block> blocks) throws MalformedException {
        // grown as needed, not sized to the rest of the file: a 1 MiB bundle of 800 blocks would allocate 400 MB
        byte[] base64 = new byte[Math.max(64, Math.min(text.length - from, 4096))];
        int length = 0;
        boolean encrypted = false;
        int i = from;
        while (i < text.length) {
            int lineStart = i;
            while (i < text.length && (text[i] == ' ' || text[i] == '\t')) {
                i++;
            }
            if (i < text.length && text[i] == '-') {
                byte[] end = ("-----END " + type + DASHES).getBytes(StandardCharsets.ISO_8859_1);
                if (!startsWith(text, i, end)) {
                    throw new MalformedException("a block has no END line"); // another block begins, or another ends, first
                }
                try {
                    blocks.add(new Block(type, encrypted, Base64.getDecoder().decode(Arrays.copyOf(base64, length))));
                } catch (IllegalArgumentException e) {
                    throw new MalformedException("a block's base64 does not decode");
                }
                return i + end.length;
            }
            int lengthBefore = length;
            boolean header = false;
            for (; i < text.length && text[i] != '\n'; i++) {
                byte c = text[i];
                header |= c == ':';
                if (c != ' ' && c != '\t' && c != '\r') {
                    if (length == base64.length) {
                        base64 = Arrays.copyOf(base64, base64.length * 2);
                    }
                    base64[length++] = c;
                }
            }
            if (header) {
                length = lengthBefore;
                String line = new String(text, lineStart, i - lineStart, StandardCharsets.ISO_8859_1);
                encrypted |= line.replace(" ", "").strip().equalsIgnoreCase("Proc-Type:4,ENCRYPTED");
            }
            i++;
        }
        throw new MalformedException("a block has no END line");
    }

    /** Where the next line starting with {@code -----BEGIN } begins, or -1. */
    private static int lineStartingWithBegin(byte[] text, int from) {
        for (int line = from; line < text.length; line = endOfLine(text, line) + 1) {
            if (startsWith(text, line, BEGIN)) {
                return line;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] text, int at, byte[] prefix) {
        return text.length - at >= prefix.length && Arrays.equals(text, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static int endOfLine(byte[] text, int from) {
        int i = from;
        while (i < text.length && text[i] != '\n') {
            i++;
        }
        return i;
    }
}
