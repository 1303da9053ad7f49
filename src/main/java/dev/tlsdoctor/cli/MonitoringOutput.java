package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.ExpiryThresholds;
import dev.tlsdoctor.report.MonitoringSamples;
import dev.tlsdoctor.report.NagiosReport;
import dev.tlsdoctor.report.PrometheusReport;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.report.Sample;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RunSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --format nagios|prometheus} for any command that produces a {@link Report}: check now; probe
 * and ocsp pass their own samples (durations, OCSP status) as {@code extra}.
 */
final class MonitoringOutput {
    private MonitoringOutput() {}

    static String render(OutputFormat format, Report report, RuleCatalog catalog, RunSettings settings, List<Sample> extra) {
        List<Sample> samples = new ArrayList<>(MonitoringSamples.of(report,
                ExpiryThresholds.of(settings, catalog.get("expiring-soon")), catalog.all()));
        samples.addAll(extra);
        return format == OutputFormat.nagios ? NagiosReport.render(report, samples) : PrometheusReport.render(samples);
    }

    /** What a monitoring format prints when nothing could be checked (the command then exits 3). */
    static String couldNotCheck(OutputFormat format, String reason) {
        return format == OutputFormat.nagios ? NagiosReport.couldNotCheck(reason) : PrometheusReport.render(MonitoringSamples.couldNotCheck(reason));
    }
}
