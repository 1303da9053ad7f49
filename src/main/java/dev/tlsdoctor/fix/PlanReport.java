package dev.tlsdoctor.fix;

import dev.tlsdoctor.report.JsonReport;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan, and what applying it did, as text for people or JSON for scripts (the shape is in docs/fix.md). */
public final class PlanReport {
    private PlanReport() {}

    /** @param outcome what applying did, or null for a dry run */
    public static String text(RepairPlan plan, Repair.Outcome outcome) {
        StringBuilder out = new StringBuilder();
        out.append("Certs directory ").append(plan.dir()).append(": ").append(count(plan.before())).append('\n');
        if (plan.steps().isEmpty()) {
            out.append("\nNothing fix can change.\n");
        } else {
            out.append("\nPlan (").append(plural(plan.steps().size(), "step")).append("):\n");
            int n = 0;
            for (Step step : plan.steps()) {
                out.append(String.format("%3d. %s%n", ++n, step.action()));
                for (Finding f : step.resolves()) {
                    out.append("       resolves ").append(f.rule()).append(" on ").append(f.subject()).append('\n');
                }
                for (String line : step.details()) {
                    out.append("       ").append(line).append('\n');
                }
            }
        }
        if (!plan.manual().isEmpty()) {
            out.append("\nManual steps (fix does not do these):\n");
            for (ManualStep m : plan.manual()) {
                out.append("  - ").append(m.finding() != null ? m.finding().rule() + " on " + m.finding().subject() + ": " : "").append(m.why()).append('\n');
                m.commands().lines().forEach(line -> out.append("      ").append(line).append('\n'));
            }
        }
        if (outcome == null) {
            if (!plan.steps().isEmpty()) {
                out.append("\nDry run: nothing was changed. Run again with --apply to make these changes (every file touched is first copied to ")
                        .append(plan.dir().resolve(Backup.DIR_NAME)).append("/<timestamp>/).\n");
            }
        } else {
            out.append("\nApplied ").append(plural(plan.steps().size(), "step")).append(". Backup: ").append(outcome.backup())
                    .append(" (undo: tls-doctor fix --restore ").append(outcome.backup()).append(")\n");
            out.append("Before: ").append(count(plan.before())).append('\n');
            plan.before().forEach(f -> line(out, f));
            out.append("After (checked again): ").append(count(outcome.after())).append('\n');
            outcome.after().forEach(f -> line(out, f));
        }
        return out.toString();
    }

    public static String json(RepairPlan plan, Repair.Outcome outcome) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("certsDir", plan.dir().toString());
        root.put("applied", outcome != null);
        root.put("backup", outcome != null ? outcome.backup().toString() : null);
        List<Map<String, Object>> steps = new ArrayList<>();
        int n = 0;
        for (Step step : plan.steps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("number", ++n);
            s.put("action", step.action());
            s.put("files", step.touches().stream().map(Object::toString).toList());
            s.put("resolves", step.resolves().stream().map(f -> Map.of("rule", f.rule(), "subject", f.subject())).toList());
            s.put("details", step.details());
            steps.add(s);
        }
        root.put("steps", steps);
        List<Map<String, Object>> manual = new ArrayList<>();
        for (ManualStep m : plan.manual()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rule", m.finding() != null ? m.finding().rule() : null);
            s.put("subject", m.finding() != null ? m.finding().subject() : null);
            s.put("why", m.why());
            s.put("commands", m.commands());
            manual.add(s);
        }
        root.put("manual", manual);
        root.put("before", plan.before());
        root.put("after", outcome != null ? outcome.after() : null);
        return JsonReport.render(root);
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static void line(StringBuilder out, Finding f) {
        out.append("  ").append(f.severity().label()).append(' ').append(f.rule()).append(' ').append(f.subject()).append(": ").append(f.message()).append('\n');
    }

    private static String count(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "no findings";
        }
        long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        return plural(findings.size(), "finding") + " (" + plural(errors, "error") + ", " + plural(warnings, "warning") + ")";
    }
}
