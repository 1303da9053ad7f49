package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.ProbeTextReport;
import dev.tlsdoctor.report.TextReport;

/** {@code --format text}: for a person; the endpoints probed and a tree's counts each in a layout of their own. */
final class TextOutput implements Output {
    @Override
    public String render(Diagnosed run, boolean color) {
        if (run.endpoints() != null) {
            return run.textPreface() + new ProbeTextReport(color).render(run.endpoints());
        }
        if (run.corpus() != null) {
            return run.textPreface() + new TextReport(color).render(run.corpus());
        }
        return run.textPreface() + new TextReport(color).render(run.report());
    }
}
