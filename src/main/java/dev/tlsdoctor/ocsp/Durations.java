package dev.tlsdoctor.ocsp;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as CockroachDB settings write them: {@code 3s}, {@code 500ms}, {@code 1m30s}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {}

    /** Parses Go-style durations (units ms, s, m, h, combinable); a bare number means seconds. */
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
        if (end != s.length() || end == 0 || total.isZero()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 3s, 500ms or 1m");
        }
        return total;
    }

    /** {@code 3s}, {@code 500ms}, {@code 1.5s}. */
    public static String words(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
