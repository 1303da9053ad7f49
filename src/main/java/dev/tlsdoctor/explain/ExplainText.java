package dev.tlsdoctor.explain;

import dev.tlsdoctor.explain.Explanation.Match;
import dev.tlsdoctor.explain.Explanation.Verdict;
import dev.tlsdoctor.rules.Finding;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The human form of an {@link Explanation}. */
public final class ExplainText {
    private static final int WIDTH = 100;

    private ExplainText() {}

    /** @param retry the command line that would check and re-rank, shown when causes are left to tell apart */
    public static String render(Explanation e, String retry) {
        StringBuilder out = new StringBuilder();
        if (e.matches().isEmpty()) {
            out.append("No rule recognises this error text. 'tls-doctor rules' lists what tls-doctor knows;\n")
                    .append("paste the whole message, including the lines before and after it.\n");
        } else {
            Set<String> messages = new LinkedHashSet<>();
            e.matches().forEach(m -> messages.add(m.matched()));
            out.append("Recognised: ").append(String.join("; ", messages.stream().map(m -> "\"" + m + "\"").toList())).append("\n\n");
        }
        int n = 1;
        for (Match m : e.matches()) {
            out.append(n++).append(". ").append(m.rule()).append(" (confidence ").append(String.format(Locale.ROOT, "%.2f", m.confidence()))
                    .append("): ").append(m.title()).append('\n');
            switch (m.verdict()) {
                case CONFIRMED -> m.findings().forEach(f -> out.append("   confirmed: ").append(f.subject()).append(": ").append(f.message()).append('\n'));
                case NOT_FOUND -> out.append("   not found by the checks (the certificate at fault may be on the other side of the connection)\n");
                case UNCHECKED -> { }
            }
            wrap(out, "   why: ", m.explanation());
            List<String> fix = m.fix().lines().toList();
            for (int i = 0; i < fix.size(); i++) {
                out.append(i == 0 ? "   fix: " : "        ").append(fix.get(i)).append('\n');
            }
            out.append('\n');
        }
        Set<Set<String>> undecided = new LinkedHashSet<>();
        for (Match m : e.matches()) {
            Set<String> group = new TreeSet<>(m.alternatives());
            group.add(m.rule());
            boolean decided = e.matches().stream().anyMatch(o -> group.contains(o.rule()) && o.verdict() == Verdict.CONFIRMED);
            if (group.size() > 1 && !decided) {
                undecided.add(group);
            }
        }
        for (Set<String> group : undecided) {
            out.append("Several causes fit. To tell them apart, check which of these holds for the certificates on both\n")
                    .append("sides of the connection (tls-doctor check reports each by its id):\n");
            for (Match m : e.matches()) {
                if (group.contains(m.rule())) {
                    out.append("  - ").append(m.rule()).append(": ").append(m.title()).append('\n');
                }
            }
            out.append("  ").append(retry).append('\n');
            out.append('\n');
        }
        if (!e.otherFindings().isEmpty()) {
            out.append("Other problems the checks found:\n");
            for (Finding f : e.otherFindings()) {
                out.append("  ").append(f.severity().label()).append(' ').append(f.rule()).append(": ").append(f.subject()).append(": ").append(f.message()).append('\n');
            }
            out.append('\n');
        }
        if (!e.checked().isEmpty()) {
            out.append("Checked: ").append(String.join("; ", e.checked())).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static void wrap(StringBuilder out, String first, String text) {
        String indent = " ".repeat(first.length());
        StringBuilder line = new StringBuilder(first);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > indent.length()) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(indent);
            }
            line.append(word).append(' ');
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
