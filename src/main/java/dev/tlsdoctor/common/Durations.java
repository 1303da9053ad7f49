package dev.tlsdoctor.common;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as CockroachDB settings and Go write them, for every option that takes one: {@code 3s},
 * {@code 500ms}, {@code 1m30s}, {@code 1h}; a bare number means seconds.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private Durations() {}

    /** @throws IllegalArgumentException for anything else, or a duration that is not positive */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.matches("\\d+(\\.\\d+)?")) {
            s = s + "s";
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            double value = Double.parseDouble(m.group(1));
            long unitMillis = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            total = total.plusMillis(Math.round(value * unitMillis));
            end = m.end();
        }
        if (end != s.length() || end == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 5s, 500ms, 1m or 1m30s");
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("'" + text + "': the duration must be positive");
        }
        return total;
    }

    /** {@code 3s}, {@code 500ms}, {@code 1.5s}. */
    public static String words(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
