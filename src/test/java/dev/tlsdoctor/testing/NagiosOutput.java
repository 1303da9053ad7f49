package dev.tlsdoctor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reading of monitoring-plugin output per the Nagios plugin development guidelines, for
 * tests: {@code SERVICE STATE - text | perfdata} on the first line, long output after it, each
 * performance-data item {@code 'label'=value[UOM];[warn];[crit];[min];[max]} with ranges in the
 * guidelines' syntax. Anything else is an {@link IllegalArgumentException}.
 */
public final class NagiosOutput {
    public record Perf(String label, double value, String unit, String warn, String crit, String min, String max) {}

    public record Parsed(String service, String state, String text, List<Perf> perf, List<String> longOutput) {
        public Perf perf(String label) {
            return perf.stream().filter(p -> p.label().equals(label)).findFirst()
                    .orElseThrow(() -> new AssertionError("no performance data '" + label + "' in " + perf));
        }
    }

    private static final Pattern STATUS = Pattern.compile("([A-Z][A-Z0-9_-]*) (OK|WARNING|CRITICAL|UNKNOWN) - ([^|]+?)(?: \\| (.+))?");
    private static final String NUMBER = "-?\\d+(?:\\.\\d+)?";
    private static final String RANGE = "(?:@?(?:(?:" + NUMBER + "|~)?:)?(?:" + NUMBER + ")?)";
    private static final Pattern PERF = Pattern.compile("('(?:[^'=]|'')+'|[^'= ]+)=(" + NUMBER + ")(s|ms|us|%|B|KB|MB|TB|c)?"
            + "(?:;(" + RANGE + ")(?:;(" + RANGE + ")(?:;(" + NUMBER + ")?(?:;(" + NUMBER + ")?)?)?)?)?(?: |$)");

    private NagiosOutput() {}

    public static Parsed parse(String output) {
        List<String> lines = output.lines().toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no output");
        }
        Matcher m = STATUS.matcher(lines.get(0));
        if (!m.matches()) {
            throw new IllegalArgumentException("bad status line: " + lines.get(0));
        }
        List<Perf> perf = new ArrayList<>();
        if (m.group(4) != null) {
            Matcher p = PERF.matcher(m.group(4));
            int at = 0;
            while (at < m.group(4).length()) {
                if (!p.find(at) || p.start() != at) {
                    throw new IllegalArgumentException("bad performance data at: " + m.group(4).substring(at));
                }
                String label = p.group(1).startsWith("'") ? p.group(1).substring(1, p.group(1).length() - 1).replace("''", "'") : p.group(1);
                perf.add(new Perf(label, Double.parseDouble(p.group(2)), p.group(3) == null ? "" : p.group(3),
                        nz(p.group(4)), nz(p.group(5)), nz(p.group(6)), nz(p.group(7))));
                at = p.end();
            }
        }
        for (String line : lines.subList(1, lines.size())) {
            if (line.contains("|")) {
                throw new IllegalArgumentException("'|' in long output starts performance data: " + line);
            }
        }
        return new Parsed(m.group(1), m.group(2), m.group(3), perf, lines.subList(1, lines.size()));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
