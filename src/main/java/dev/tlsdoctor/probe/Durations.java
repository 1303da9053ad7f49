package dev.tlsdoctor.probe;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line: {@code 5s}, {@code 500ms}, {@code 1m}, or plain seconds. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private Durations() {}

    /** @throws IllegalArgumentException for anything else, or a duration that is not positive */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 5s, 500ms, 1m)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millis = Math.round(value * switch (unit) {
            case "ms" -> 1;
            case "m" -> 60_000;
            default -> 1000;
        });
        if (millis <= 0) {
            throw new IllegalArgumentException("'" + text + "': the duration must be positive");
        }
        return Duration.ofMillis(millis);
    }

    /** e.g. {@code 5s}, {@code 1.5s}, {@code 300ms}. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
}
