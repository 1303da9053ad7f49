package dev.tlsdoctor.report;

import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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

    /** Programs a fix line may start with to be shown as a command; a line starting with anything else is prose. */
    private static final Set<String> PROGRAMS = Set.of("cockroach", "openssl", "chmod", "chown", "chgrp", "mv", "cp", "cat", "mkdir",
            "rm", "ln", "pkill", "kill", "ss", "getent", "psql", "tls-doctor", "base64", "systemctl", "keytool", "sudo");
    /** A shell assignment, {@code name=…}: the start of a command line too. */
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=\\S.*");

    /**
     * A fix as Markdown inside a list item: runs of command lines in {@code sh} blocks, prose lines as text
     * between them, so that what is in a block can be pasted into a shell.
     */
    static void fix(StringBuilder out, String fix) {
        List<String> lines = fix.lines().filter(line -> !line.isBlank()).toList();
        for (int i = 0; i < lines.size(); ) {
            boolean command = isCommand(lines.get(i));
            int end = i;
            while (end < lines.size() && isCommand(lines.get(end)) == command) {
                end++;
            }
            List<String> run = lines.subList(i, end);
            if (command) {
                out.append("  ```sh\n");
                run.forEach(line -> out.append("  ").append(line.strip()).append('\n'));
                out.append("  ```\n\n");
            } else {
                out.append("  ").append(String.join(" ", run.stream().map(String::strip).toList())).append("\n\n");
            }
            i = end;
        }
    }

    /**
     * Whether a fix line is a shell command: it starts with a program or an assignment, and has no
     * parenthesis outside quotes and {@code $(…)} (an aside in parentheses is prose, and a syntax error in sh).
     */
    static boolean isCommand(String line) {
        String text = line.strip();
        String first = text.split("\\s+", 2)[0];
        if (!PROGRAMS.contains(first) && !ASSIGNMENT.matcher(text).matches()) {
            return false;
        }
        char quote = 0;
        int substitutions = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                break; // a comment
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                substitutions++;
                i++;
            } else if (c == ')' && substitutions > 0) {
                substitutions--;
            } else if (c == '(' || c == ')') {
                return false;
            }
        }
        return quote == 0;
    }

    static String counts(List<Finding> findings) {
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        return errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning, " : " warnings, ")
                + (findings.size() - errors - warnings) + " info.";
    }
}
