package dev.tlsdoctor.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus text expositions that tls-doctor's own renderer printed, merged into one: each family's
 * HELP and TYPE once, then every sample of it, as the format requires. The exporter runs each watched
 * source exactly as {@code check --format prometheus} does, so its {@code /metrics} cannot drift from the
 * command's; merging needs only to tell the sources' samples apart, by a label.
 */
final class Exposition {
    private record Family(List<String> header, List<String> samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds {@code text} (one renderer's output), with {@code label="value"} first on each sample when a label is given. */
    Exposition add(String text, String label, String value) {
        String current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# ")) {
                String[] words = line.split(" ", 4);
                current = words.length > 2 ? words[2] : current;
                Family family = families.computeIfAbsent(current, k -> new Family(new ArrayList<>(), new ArrayList<>()));
                if (family.header.size() < 2 && !family.header.contains(line)) {
                    family.header.add(line);
                }
                continue;
            }
            int end = nameEnd(line);
            String name = line.substring(0, end);
            Family family = families.computeIfAbsent(name, k -> new Family(new ArrayList<>(), new ArrayList<>()));
            family.samples.add(label == null ? line : withLabel(line, end, label, value));
        }
        return this;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (Family family : families.values()) {
            family.header.forEach(h -> out.append(h).append('\n'));
            family.samples.forEach(s -> out.append(s).append('\n'));
        }
        return out.toString();
    }

    private static int nameEnd(String sample) {
        for (int i = 0; i < sample.length(); i++) {
            char c = sample.charAt(i);
            if (c == '{' || c == ' ') {
                return i;
            }
        }
        return sample.length();
    }

    private static String withLabel(String sample, int nameEnd, String label, String value) {
        String pair = label + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        boolean hasLabels = nameEnd < sample.length() && sample.charAt(nameEnd) == '{';
        return sample.substring(0, nameEnd) + "{" + pair + (hasLabels ? "," + sample.substring(nameEnd + 1) : "}" + sample.substring(nameEnd));
    }
}
