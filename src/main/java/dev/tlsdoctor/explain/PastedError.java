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
    static final int MIN_WRAP_WIDTH = 64;
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n|\r");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    public PastedError {
        text = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }

    /**
     * The texts patterns are matched against: the lines joined with a space, every whitespace run made
     * one space (for messages re-flowed at spaces, indented continuation lines, tabs); and the same with
     * the lines a terminal hard-wrapped joined with nothing between, so a host name broken mid-word is
     * whole again. A line counts as hard-wrapped when it is as long as the longest line and at least
     * {@value #MIN_WRAP_WIDTH} characters: terminals wrap at their width.
     */
    public List<String> views() {
        String plain = text.replace('\u201c', '"').replace('\u201d', '"').replace('\u2018', '\'').replace('\u2019', '\'');
        String[] lines = LINE_BREAK.split(plain, -1);
        int width = 0;
        for (String line : lines) {
            width = Math.max(width, line.length());
        }
        StringBuilder unwrapped = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            unwrapped.append(lines[i]);
            if (i < lines.length - 1) {
                unwrapped.append(lines[i].length() == width && width >= MIN_WRAP_WIDTH ? "" : " ");
            }
        }
        String spaced = SPACES.matcher(plain).replaceAll(" ").strip();
        String joined = SPACES.matcher(unwrapped).replaceAll(" ").strip();
        return spaced.equals(joined) ? List.of(spaced) : List.of(spaced, joined);
    }
}
