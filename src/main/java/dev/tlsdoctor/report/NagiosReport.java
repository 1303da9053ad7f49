package dev.tlsdoctor.report;

import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.rules.Finding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Output for Nagios, Icinga and other monitoring-plugin hosts, per the Nagios plugin development
 * guidelines: one status line {@code TLS-DOCTOR <STATE> - <summary> | <perfdata>}, then a long-output
 * line per finding. The exit code goes with the state (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
public final class NagiosReport {
    private NagiosReport() {}

    public static String render(Report report, List<Sample> samples) {
        StringBuilder out = new StringBuilder("TLS-DOCTOR ").append(report.status()).append(" - ").append(clean(summary(report)));
        List<String> perf = new ArrayList<>();
        for (Sample s : samples) {
            if (s.perf() != null) {
                perf.add(perfData(s.perf()));
            }
        }
        if (!perf.isEmpty()) {
            out.append(" | ").append(String.join(" ", perf));
        }
        out.append('\n');
        for (Finding f : report.findings()) {
            out.append(clean(state(f) + " " + f.rule() + ": " + f.subject() + ": " + f.message())).append('\n');
            if (f.fix().indexOf('|') >= 0) {
                // a command with '|' changed into anything else would do something else when pasted: say where to get it whole
                out.append("  fix: a command with a pipe, which plugin output cannot carry (a pipe character starts performance data); run the same check with --format text to see it\n");
            } else {
                f.fix().lines().forEach(line -> out.append("  ").append(clean(line)).append('\n'));
            }
        }
        return out.toString();
    }

    /** The status line when nothing could be checked; the caller exits 3. */
    public static String couldNotCheck(String reason) {
        return "TLS-DOCTOR UNKNOWN - " + clean(reason) + "\n";
    }

    /**
     * A finding's word in the output: its severity, except that an endpoint that could not be checked is
     * UNKNOWN, as the status it gives the run (a timeout at warning severity would otherwise read WARNING
     * under an UNKNOWN status line).
     */
    private static String state(Finding f) {
        return Status.couldNotCheck(f) ? "UNKNOWN" : f.severity().label().toUpperCase(Locale.ROOT);
    }

    private static String summary(Report report) {
        List<String> parts = new ArrayList<>();
        for (String state : List.of("ERROR", "UNKNOWN", "WARNING")) {
            Set<String> rules = new LinkedHashSet<>();
            int n = 0;
            for (Finding f : report.findings()) {
                if (state(f).equals(state)) {
                    rules.add(f.rule());
                    n++;
                }
            }
            if (n > 0) {
                String word = state.toLowerCase(Locale.ROOT);
                parts.add(n + " " + word + (n == 1 || state.equals("UNKNOWN") ? "" : "s") + " (" + String.join(", ", rules) + ")");
            }
        }
        String certs = report.certificates().size() + " certificate" + (report.certificates().size() == 1 ? "" : "s");
        CertSummary first = report.certificates().stream().min(java.util.Comparator.comparing(CertSummary::notAfter)).orElse(null);
        if (first != null) {
            certs += ", first to expire " + first.file() + " (" + CertFacts.expiryWords(first.secondsLeft()) + ")";
        }
        return parts.isEmpty() ? certs : String.join(", ", parts) + "; " + certs;
    }

    /** {@code 'label'=value[UOM];warn;crit;min;max}: label quoted, a quote in it doubled; no '=' (forbidden) or '|' (ends the text part) in it. */
    static String perfData(Sample.PerfData p) {
        String label = "'" + p.label().replace("=", "_").replace("|", "_").replace("'", "''") + "'";
        return label + "=" + PrometheusReport.number(p.value()) + p.unit() + ";" + p.warn() + ";" + p.crit() + ";" + p.min() + ";" + p.max();
    }

    /** '|' starts performance data in plugin output, so it may not appear in text; nor may a line break. */
    private static String clean(String text) {
        return text.replace('|', '/').replace('\n', ' ').replace('\r', ' ');
    }
}
