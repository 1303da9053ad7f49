package dev.tlsdoctor.report;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One number for monitoring systems: a Prometheus sample of {@code metric} and, when {@code perf} is
 * set, a Nagios performance-data item too (in the unit Nagios users read it in). Checks beyond the certificate files (probe durations, OCSP
 * status) add theirs to what {@link MonitoringSamples} derives from a report.
 *
 * @param labels label names to values, in output order
 * @param perf how Nagios shows it, or null when it is not Nagios performance data
 */
public record Sample(Metric metric, Map<String, String> labels, double value, PerfData perf) {
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public Sample {
        for (String name : labels.keySet()) {
            if (!LABEL.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException("not a Prometheus label name: " + name);
            }
        }
    }

    /**
     * A Nagios performance-data item: {@code 'label'=value[UOM];[warn];[crit];[min];[max]}, per the
     * Nagios plugin development guidelines.
     *
     * @param value in {@code unit}: not always the Prometheus value (days left here, seconds there)
     * @param unit one of the guidelines' units ({@code s ms us % B KB MB TB c}) or empty for a plain number
     * @param warn the warning range in the guidelines' range syntax (e.g. {@code 30:} = alert below 30), or empty
     * @param crit the critical range, or empty
     */
    public record PerfData(String label, double value, String unit, String warn, String crit, String min, String max) {}
}
