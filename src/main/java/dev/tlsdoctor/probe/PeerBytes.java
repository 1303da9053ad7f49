package dev.tlsdoctor.probe;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/** Says in words what a peer sent when it was not the TLS we expected. */
final class PeerBytes {
    private PeerBytes() {}

    static String describe(byte[] b) {
        if (b.length == 0) {
            return "nothing";
        }
        String text = new String(b, StandardCharsets.ISO_8859_1);
        if (text.startsWith("HTTP/")) {
            return "an HTTP response (\"" + firstLine(text) + "\"): this is a plain-HTTP port";
        }
        if (text.startsWith("SSH-")) {
            return "an SSH banner (\"" + firstLine(text) + "\")";
        }
        if (b[0] == 'E' && b.length >= 6 && b[1] == 0 && b[2] == 0) {
            Map<Character, String> fields = PgWire.fields(java.util.Arrays.copyOfRange(b, 5, b.length));
            return "a PostgreSQL error response" + (fields.containsKey('M') ? " (\"" + fields.get('M') + "\")" : "") + ": this port speaks pgwire without TLS";
        }
        if (b[0] == 'R' && b.length >= 9 && b[1] == 0 && b[2] == 0) {
            return "a PostgreSQL authentication request: this port speaks pgwire without TLS";
        }
        if (b.length >= 9 && b[0] == 0 && b[3] == 0x04 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0) {
            return "HTTP/2 frames: a plaintext HTTP/2 or gRPC server (a CockroachDB node started with --insecure answers like this)";
        }
        if ((b[0] == 0x15 || b[0] == 0x16) && b.length >= 2 && b[1] == 3) {
            return "a TLS record";
        }
        if (isMostlyPrintable(b)) {
            return "text (\"" + firstLine(text) + "\")";
        }
        return "binary data (" + HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(b.length, 16)) + (b.length > 16 ? " …" : "") + ")";
    }

    private static boolean isMostlyPrintable(byte[] b) {
        int printable = 0;
        for (byte x : b) {
            if (x >= 0x20 && x < 0x7f || x == '\r' || x == '\n' || x == '\t') {
                printable++;
            }
        }
        return printable * 10 >= b.length * 9;
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        StringBuilder clean = new StringBuilder();
        for (char c : line.toCharArray()) {
            clean.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean.toString();
    }
}
