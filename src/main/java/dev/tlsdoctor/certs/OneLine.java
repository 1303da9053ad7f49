package dev.tlsdoctor.certs;

/**
 * Text from a file, a peer or a pasted URL made fit for a one-line message: line breaks and tabs
 * become spaces and other control characters '?', so no input can add lines or terminal escapes to
 * what tls-doctor prints.
 */
public final class OneLine {
    private OneLine() {}

    public static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
            if (control && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(!control ? c : c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029' ? ' ' : '?');
            }
        }
        return out == null ? text : out.toString();
    }
}
