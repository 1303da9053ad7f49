package dev.tlsdoctor.fuzz;

/** What every fuzz target asserts about the words the code under test produces from a hostile input. */
final class FuzzContract {
    private FuzzContract() {}

    /**
     * One line without control characters: an error or finding is one line for a person (never a stack
     * trace), and bytes from a file or a peer must not be able to add lines or terminal escapes to the output.
     */
    static void oneLine(String what, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029') {
                throw new AssertionError(what + " is not one printable line (control character U+%04X at %d): %s"
                        .formatted((int) c, i, text.length() > 300 ? text.substring(0, 300) + "…" : text));
            }
        }
    }
}
