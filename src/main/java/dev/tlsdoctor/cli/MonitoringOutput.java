package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.ExpiryThresholds;
import dev.tlsdoctor.report.MonitoringSamples;
import dev.tlsdoctor.report.NagiosReport;
import dev.tlsdoctor.report.PrometheusReport;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.report.Sample;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleFileException;
import dev.tlsdoctor.rules.RunSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code --format nagios|prometheus} for any command that produces a {@link Report}: check, and probe
 * and ocsp, which pass their own samples (probe success and duration, OCSP status) as {@code extra}.
 */
final class MonitoringOutput {
    private MonitoringOutput() {}

    static String render(OutputFormat format, Report report, RuleCatalog catalog, RunSettings settings, List<Sample> extra) {
        List<Sample> samples = new ArrayList<>(MonitoringSamples.of(report,
                ExpiryThresholds.of(settings, catalog.get("expiring-soon")), catalog.all()));
        samples.addAll(extra);
        return format == OutputFormat.nagios ? NagiosReport.render(report, samples) : PrometheusReport.render(samples);
    }

    /**
     * Runs a command's check. When it cannot check (a {@link UserError}, a bad rule file), a monitoring
     * format still prints its UNKNOWN status line or metrics before the one-line error (exit 3): monitoring
     * must not lose its data exactly when something is wrong.
     */
    static int run(OutputFormat format, PrintWriter out, IntSupplier check) {
        try {
            return check.getAsInt();
        } catch (UserError | RuleFileException e) {
            if (format.isMonitoring()) {
                out.print(couldNotCheck(format, e.getMessage()));
            }
            throw e;
        }
    }

    /** What a monitoring format prints when nothing could be checked (the command then exits 3). */
    static String couldNotCheck(OutputFormat format, String reason) {
        return format == OutputFormat.nagios ? NagiosReport.couldNotCheck(reason) : PrometheusReport.render(MonitoringSamples.couldNotCheck(reason));
    }
}
