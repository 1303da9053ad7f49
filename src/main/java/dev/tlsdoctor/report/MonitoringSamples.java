package dev.tlsdoctor.report;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.rules.ExpiryThresholds;
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
            out.add(new Sample(Metric.CERT_EXPIRES_IN, labels, c.secondsLeft(), new Sample.PerfData(perfLabels.get(key(c)), c.daysLeft(), "",
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

    /**
     * Per endpoint and mode: whether the probe got through, where it got to (one series per outcome, 1 for
     * the one it had: a series keeps its labels whatever the outcome, so none vanishes or splits when an
     * endpoint goes down) and how long it took (also Nagios performance data, in seconds).
     * In auto mode, a mode the endpoint does not speak while the other one works has no series: that is
     * how the port is meant to be (an info finding), and a 0 there would page someone for nothing.
     */
    public static List<Sample> probes(List<ProbeReport.Target> targets) {
        List<Sample> out = new ArrayList<>();
        for (ProbeReport.Target t : targets) {
            if (t.notServedHere()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("target", t.target());
            labels.put("mode", t.mode().label());
            out.add(new Sample(Metric.PROBE_SUCCESS, labels, t.outcome() == ProbeOutcome.OK ? 1 : 0, null));
            for (ProbeOutcome outcome : ProbeOutcome.values()) {
                Map<String, String> outcomeLabels = new LinkedHashMap<>(labels);
                outcomeLabels.put("outcome", outcome.label());
                out.add(new Sample(Metric.PROBE_OUTCOME, outcomeLabels, t.outcome() == outcome ? 1 : 0, null));
            }
            out.add(new Sample(Metric.PROBE_DURATION, labels, t.millis() / 1000.0,
                    new Sample.PerfData("time_" + t.target() + "_" + t.mode().label(), t.millis() / 1000.0, "s", "", "", "0", "")));
        }
        return out;
    }

    /** The value of {@link Metric#OCSP_STATUS} for each {@link OcspEvidence#status()}: its index here. Public API once shipped: append only. */
    private static final List<String> OCSP_STATUS_CODES = List.of("good", "revoked", "unknown", "unreachable", "bad-response", "stale", "no-url", "sha256-unsupported");

    /** Per certificate asked about: its OCSP status as a code; and the HTTP requests the check sent. */
    public static List<Sample> revocation(List<? extends Evidence> evidence, int requestsSent) {
        List<Sample> out = new ArrayList<>();
        for (Object item : evidence) {
            if (item instanceof OcspEvidence o) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("subject", o.target().subject());
                labels.put("serial", o.target().serial());
                out.add(new Sample(Metric.OCSP_STATUS, labels, ocspStatusCode(o.status()), null));
            }
        }
        out.add(new Sample(Metric.OCSP_REQUESTS_SENT, Map.of(), requestsSent, null));
        return out;
    }

    private static int ocspStatusCode(String status) {
        int code = OCSP_STATUS_CODES.indexOf(status);
        if (code < 0) {
            throw new IllegalArgumentException("no tls_doctor_ocsp_status code for OCSP status " + status);
        }
        return code;
    }

    /** What is left when nothing could be checked: the run's status, so the series do not vanish, and the cause. */
    public static List<Sample> couldNotCheck(String reason) {
        return List.of(
                new Sample(Metric.CHECK_SUCCESS, Map.of(), 0, null),
                new Sample(Metric.STATUS, Map.of(), Status.UNKNOWN.exitCode(), null),
                new Sample(Metric.UP, Map.of(), 0, null),
                new Sample(Metric.CHECK_ERROR, Map.of("reason", reason), 1, null));
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
