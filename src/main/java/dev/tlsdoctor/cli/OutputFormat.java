package dev.tlsdoctor.cli;

/** {@code --format}: every output format, each with the class that writes it. A command writes some of them (see {@link OutputOptions}). */
enum OutputFormat {
    text(new TextOutput()),
    json(new JsonOutput()),
    nagios(new NagiosOutput()),
    prometheus(new PrometheusOutput()),
    markdown(new MarkdownOutput());

    private final Output output;

    OutputFormat(Output output) {
        this.output = output;
    }

    String render(Diagnosed run, boolean color) {
        return output.render(run, color);
    }

    /** What this format prints when nothing could be checked: monitoring must not lose its data exactly when something is wrong. */
    String couldNotCheck(String reason) {
        return output.couldNotCheck(reason);
    }

    /** The formats for monitoring systems: a run that reports one set of certificates. */
    boolean isMonitoring() {
        return this == nagios || this == prometheus;
    }
}
