package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.MonitoringSamples;
import dev.tlsdoctor.report.Sample;
import java.util.ArrayList;
import java.util.List;

/** What the monitoring formats ({@link NagiosOutput}, {@link PrometheusOutput}) measure of a run. */
final class MonitoringOutput {
    private MonitoringOutput() {}

    /** The report's samples (status, findings, days left per certificate), the endpoints' (probe success and duration), then the command's own (OCSP status). */
    static List<Sample> samples(Diagnosed run) {
        List<Sample> samples = new ArrayList<>(MonitoringSamples.of(run.report(), run.thresholds(), run.catalog().all()));
        if (run.endpoints() != null) {
            samples.addAll(MonitoringSamples.probes(run.endpoints().targets()));
        }
        samples.addAll(run.samples());
        return samples;
    }
}
