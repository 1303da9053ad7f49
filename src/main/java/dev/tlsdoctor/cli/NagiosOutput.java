package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.NagiosReport;

/** {@code --format nagios}: a monitoring-plugin status line with performance data. */
final class NagiosOutput implements Output {
    @Override
    public String render(Diagnosed run, boolean color) {
        return NagiosReport.render(run.report(), run.monitoringSamples());
    }

    @Override
    public String couldNotCheck(String reason) {
        return NagiosReport.couldNotCheck(reason);
    }
}
