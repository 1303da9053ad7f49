package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.MonitoringSamples;
import dev.tlsdoctor.report.PrometheusReport;

/** {@code --format prometheus}: text exposition for node_exporter's textfile collector. */
final class PrometheusOutput implements Output {
    @Override
    public String render(Diagnosed run, boolean color) {
        return PrometheusReport.render(run.monitoringSamples());
    }

    @Override
    public String couldNotCheck(String reason) {
        return PrometheusReport.render(MonitoringSamples.couldNotCheck(reason));
    }
}
