package dev.tlsdoctor.explain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Evidence: an error message as someone pasted it, with whatever came with it (log prefixes, stack
 * traces, lines wrapped by a terminal or a mail client).
 */
public record PastedError(String text) {
    /** More than any real error paste; the rest of a huge paste is not read. */
    public static final int MAX_CHARS = 256 * 1024;
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n|\r");

    public PastedError {
        text = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }

    /**
     * The texts patterns are matched against: the lines joined with a space and every whitespace run
     * made one space (for messages wrapped at a space, indented continuation lines, tabs); and the
     * lines joined with nothing between (for a terminal that hard-wrapped a long line mid-word).
     */
    public List<String> views() {
        String plain = text.replace('\u201c', '"').replace('\u201d', '"').replace('\u2018', '\'').replace('\u2019', '\'');
        String spaced = plain.replaceAll("\\s+", " ").strip();
        String unwrapped = LINE_BREAK.matcher(plain).replaceAll("");
        return spaced.equals(unwrapped) ? List.of(spaced) : List.of(spaced, unwrapped);
    }
}
