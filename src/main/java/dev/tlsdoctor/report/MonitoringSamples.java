package dev.tlsdoctor.report;

import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleSpec;
import dev.tlsdoctor.rules.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The monitoring numbers of a report: per certificate, per rule, and the run's status. */
public final class MonitoringSamples {
    private MonitoringSamples() {}

    /**
     * @param rules every rule that could have found something: each gets a finding count, 0 included,
     *     so its series do not vanish when a problem is fixed
     */
    public static List<Sample> of(Report report, ExpiryThresholds thresholds, Collection<RuleSpec> rules) {
        List<Sample> out = new ArrayList<>();
        Map<String, String> perfLabels = perfLabels(report.certificates());
        for (CertSummary c : report.certificates()) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("file", c.file());
            labels.put("role", c.role());
            labels.put("subject", c.subject());
            labels.put("serial", c.serial());
            out.add(new Sample(Metric.CERT_EXPIRY, labels, c.notAfter().getEpochSecond(), null));
            out.add(new Sample(Metric.CERT_DAYS_LEFT, labels, c.daysLeft(), new Sample.PerfData(perfLabels.get(key(c)), "",
                    thresholds.warnDays() + ":", thresholds.critDays() + ":", "", "")));
        }
        Map<String, Long> counts = new HashMap<>();
        for (Finding f : report.findings()) {
            counts.merge(f.rule() + "/" + f.severity().label(), 1L, Long::sum);
        }
        for (RuleSpec rule : rules) {
            if (!rule.isEnabled()) {
                continue;
            }
            for (Severity severity : Severity.values()) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("rule", rule.id());
                labels.put("severity", severity.label());
                out.add(new Sample(Metric.FINDINGS, labels, counts.getOrDefault(rule.id() + "/" + severity.label(), 0L), null));
            }
        }
        out.add(new Sample(Metric.CHECK_SUCCESS, Map.of(), report.status() == Status.OK ? 1 : 0, null));
        out.add(new Sample(Metric.STATUS, Map.of(), report.status().exitCode(), null));
        out.add(new Sample(Metric.UP, Map.of(), 1, null));
        return out;
    }

    /** What is left when nothing could be checked: the run's status, with the cause, so the series do not vanish. */
    public static List<Sample> couldNotCheck(String reason) {
        return List.of(
                new Sample(Metric.CHECK_SUCCESS, Map.of(), 0, null),
                new Sample(Metric.STATUS, Map.of(), Status.UNKNOWN.exitCode(), null),
                new Sample(Metric.UP, Map.of("reason", reason), 0, null));
    }

    /** {@code days_<file name>}; the whole path where two files share a name; {@code #2}… for later certificates in one file. */
    private static Map<String, String> perfLabels(List<CertSummary> certs) {
        Map<String, Integer> names = new HashMap<>();
        for (CertSummary c : certs) {
            if (c.role().matches(".* #\\d+")) {
                continue;
            }
            names.merge(fileName(c.file()), 1, Integer::sum);
        }
        Map<String, String> out = new HashMap<>();
        for (CertSummary c : certs) {
            String name = names.getOrDefault(fileName(c.file()), 1) > 1 ? c.file() : fileName(c.file());
            String index = c.role().replaceAll("^.*?( #\\d+)?$", "$1").strip();
            out.put(key(c), "days_" + name + index);
        }
        return out;
    }

    private static String key(CertSummary c) {
        return c.file() + "\u0000" + c.role();
    }

    private static String fileName(String file) {
        Path name = Path.of(file).getFileName();
        return name == null ? file : name.toString();
    }
}
