package dev.tlsdoctor.report;

import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Human output: the certificate inventory, then findings grouped by file or endpoint, then a summary line. */
public final class TextReport {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final boolean color;

    public TextReport(boolean color) {
        this.color = color;
    }

    public String render(Report report) {
        StringBuilder out = new StringBuilder();
        if (!report.certificates().isEmpty()) {
            out.append(bold("Certificates")).append('\n');
            int width = report.certificates().stream().mapToInt(c -> c.file().length()).max().orElse(0);
            for (CertSummary c : report.certificates()) {
                out.append("  ").append(pad(c.file(), width)).append("  ").append(pad(c.role(), 18))
                        .append("  ").append(c.subject().isEmpty() ? "(empty subject)" : c.subject())
                        .append("  expires ").append(DATE.format(c.notAfter()))
                        .append(" (").append(CertFacts.expiryWords(c.secondsLeft())).append(")\n");
            }
            out.append('\n');
        }
        out.append(findings(report.findings()));
        long errors = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = report.findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
        out.append(summary(report.status(), errors, warnings, report.findings().size() - errors - warnings,
                plural(report.certificates().size(), "certificate") + " examined")).append('\n');
        return out.toString();
    }

    /** {@code check --recursive}: the counts, the findings by rule, the findings and failures themselves, the summary line. */
    public String render(CorpusReport report) {
        CorpusReport.Counts c = report.corpus();
        StringBuilder out = new StringBuilder();
        out.append(bold("Corpus " + c.directory())).append(" (verified against ").append(c.trust()).append(")\n");
        out.append(countLine("files seen", c.filesSeen(), ""));
        out.append(countLine("certificate files", c.certificateFiles(), " (" + plural(c.certificatesParsed(), "certificate") + ")"));
        out.append(countLine("key files", c.keyFiles(), ""));
        List<String> reasons = new ArrayList<>();
        c.failuresByReason().forEach((reason, n) -> reasons.add(reason + " " + n));
        out.append(countLine("failures", c.failures(), reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")")).append('\n');
        if (!c.findingsByRule().isEmpty()) {
            out.append(bold("Findings by rule")).append('\n');
            c.findingsByRule().forEach((rule, n) -> out.append(countLine(rule, n, "")));
            out.append('\n');
        }
        out.append(findings(report.findings()));
        if (c.findingsNotListed() > 0) {
            out.append("(" + plural(c.findingsNotListed(), "more finding") + " counted above, not listed)\n\n");
        }
        if (!c.failedFiles().isEmpty()) {
            out.append(bold("Failures")).append('\n');
            for (CorpusReport.FailedFile f : c.failedFiles()) {
                out.append("  ").append(f.file()).append(": ").append(f.reason()).append(": ").append(f.detail()).append('\n');
            }
            if (c.failuresNotListed() > 0) {
                out.append("  (" + plural(c.failuresNotListed(), "more failure") + " counted above, not listed)\n");
            }
            out.append('\n');
        }
        Map<String, Long> severity = c.findingsBySeverity();
        out.append(summary(report.status(), severity.get("error"), severity.get("warning"), severity.get("info"),
                plural(c.certificatesParsed(), "certificate") + " in " + plural(c.certificateFiles(), "file") + " checked, "
                        + plural(c.failures(), "failure"))).append('\n');
        return out.toString();
    }

    private static String countLine(String what, long n, String detail) {
        return "  " + pad(what, 22) + String.format("%6d", n) + detail + "\n";
    }

    /** The findings grouped by file or endpoint, each with its fix; empty when there are none. */
    public String findings(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        Map<String, List<Finding>> bySubject = new LinkedHashMap<>();
        for (Finding f : findings) {
            bySubject.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(f);
        }
        if (!bySubject.isEmpty()) {
            out.append(bold("Findings")).append('\n');
        }
        for (Map.Entry<String, List<Finding>> group : bySubject.entrySet()) {
            out.append(bold(group.getKey())).append('\n');
            for (Finding f : group.getValue()) {
                out.append("  ").append(severityTag(f.severity())).append(' ').append(f.rule()).append(": ").append(f.message()).append('\n');
                f.fix().lines().findFirst().ifPresent(first -> out.append("    fix: ").append(first).append('\n'));
                f.fix().lines().skip(1).forEach(line -> out.append("         ").append(line).append('\n'));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The last line: the status in colour, the findings by severity, then {@code examined} (what was looked at). */
    public String summary(Status verdict, long errors, long warnings, long infos, String examined) {
        String status = switch (verdict) {
            case OK -> paint("32", "OK");
            case WARNING -> paint("33", "WARNING");
            case CRITICAL -> paint("31", "CRITICAL");
            case UNKNOWN -> paint("35", "UNKNOWN");
        };
        return status + ": " + plural(errors, "error") + ", " + plural(warnings, "warning") + ", " + infos + " info; " + examined;
    }

    private String severityTag(Severity severity) {
        return switch (severity) {
            case ERROR -> paint("31;1", "ERROR  ");
            case WARNING -> paint("33;1", "WARNING");
            case INFO -> paint("36", "INFO   ");
        };
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private String bold(String s) {
        return paint("1", s);
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
