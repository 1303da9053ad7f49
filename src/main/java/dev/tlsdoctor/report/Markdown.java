package dev.tlsdoctor.report;

import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import java.util.List;

/** Small pieces of Markdown the report sections share. */
final class Markdown {
    private Markdown() {}

    /** Text for a table cell: pipes escaped, line breaks as spaces. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace('\n', ' ');
    }

    /** Inline code, with a fence long enough for any backticks inside. */
    static String code(String text) {
        String fence = text.contains("`") ? "``" : "`";
        return fence + (text.startsWith("`") ? " " : "") + text + (text.endsWith("`") ? " " : "") + fence;
    }

    static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> out.append("---|"));
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row.stream().map(Markdown::cell).toList())).append(" |\n");
        }
    }

    static String counts(List<Finding> findings) {
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        return errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning, " : " warnings, ")
                + (findings.size() - errors - warnings) + " info.";
    }
}
