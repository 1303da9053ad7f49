package dev.tlsdoctor.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (what node_exporter's textfile
 * collector reads), for tests: any deviation is an {@link IllegalArgumentException} naming the line.
 * Checks metric and label names, label-value and HELP escapes, values, one TYPE and HELP per family
 * before its samples, each family's samples together, no series twice, and one set of label names
 * per family (a series that gained or lost a label when its value changed would be a new series).
 * {@link #parse} also runs Prometheus's own linter, {@code promtool check metrics}, on the text.
 */
public final class PrometheusText {
    public record Sample(String name, Map<String, String> labels, double value) {}

    public record Exposition(List<Sample> samples, Map<String, String> types, Map<String, String> help) {
        public List<Sample> named(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        /** The value of the one sample of {@code name} whose labels include {@code labels}. */
        public double value(String name, Map<String, String> labels) {
            List<Sample> found = named(name).stream().filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
            if (found.size() != 1) {
                throw new AssertionError(found.size() + " samples of " + name + " with " + labels + " in " + samples);
            }
            return found.get(0).value();
        }
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\[\\\\n])*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)})? (\\S+)(?: (-?\\d+))?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\\\\\"\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|Inf|NaN)");

    private PrometheusText() {}

    /** The exposition, checked by the grammar here and by {@code promtool check metrics} (naming, units, suffixes, HELP). */
    public static Exposition parse(String text) {
        Exposition exposition = grammar(text);
        Promtool.assertClean(text);
        return exposition;
    }

    /** The exposition, checked by the grammar here only. */
    public static Exposition grammar(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> help = new HashMap<>();
        Set<String> finished = new HashSet<>();
        Set<String> series = new HashSet<>();
        Map<String, Set<String>> labelNames = new HashMap<>();
        String current = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + number + ": " + line;
            Matcher m;
            if (line.startsWith("# HELP ")) {
                m = HELP.matcher(line);
                require(m.matches(), "bad HELP", where);
                require(help.put(m.group(1), unescape(m.group(2))) == null, "second HELP for " + m.group(1), where);
                current = switchFamily(current, m.group(1), finished, where);
            } else if (line.startsWith("# TYPE ")) {
                m = TYPE.matcher(line);
                require(m.matches(), "bad TYPE", where);
                require(types.put(m.group(1), m.group(2)) == null, "second TYPE for " + m.group(1), where);
                require(samples.stream().noneMatch(s -> s.name().equals(m.group(1))), "TYPE after samples of " + m.group(1), where);
                current = switchFamily(current, m.group(1), finished, where);
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else {
                m = SAMPLE.matcher(line);
                require(m.matches(), "not a sample line", where);
                current = switchFamily(current, m.group(1), finished, where);
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    int at = 0;
                    while (at < m.group(2).length()) {
                        require(l.find(at) && l.start() == at, "bad label list", where);
                        require(labels.put(l.group(1), unescape(l.group(2))) == null, "label " + l.group(1) + " twice", where);
                        at = l.end();
                    }
                }
                require(FLOAT.matcher(m.group(3)).matches(), "bad value " + m.group(3), where);
                require(series.add(m.group(1) + labels), "the same series twice", where);
                Set<String> known = labelNames.putIfAbsent(m.group(1), labels.keySet());
                require(known == null || known.equals(labels.keySet()), "labels " + labels.keySet() + " where other series of "
                        + m.group(1) + " have " + known, where);
                String v = m.group(3).replace("Inf", "Infinity");
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(v)));
            }
        }
        return new Exposition(samples, types, help);
    }

    /** Families must not interleave: once another family starts, an earlier one may not continue. */
    private static String switchFamily(String current, String name, Set<String> finished, String where) {
        if (!name.equals(current)) {
            require(!finished.contains(name), "family " + name + " split into two groups", where);
            if (current != null) {
                finished.add(current);
            }
        }
        return name;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                char next = s.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void require(boolean ok, String problem, String where) {
        if (!ok) {
            throw new IllegalArgumentException(problem + " at " + where);
        }
    }
}
