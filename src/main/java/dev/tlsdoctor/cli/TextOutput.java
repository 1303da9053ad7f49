package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.ProbeTextReport;
import dev.tlsdoctor.report.TextReport;

/** {@code --format text}: for a person; the endpoints probed, when there are any, in the probe layout. */
final class TextOutput implements Output {
    @Override
    public String render(Diagnosed run, boolean color) {
        return run.textPreface() + (run.endpoints() != null
                ? new ProbeTextReport(color).render(run.endpoints())
                : new TextReport(color).render(run.report()));
    }
}
