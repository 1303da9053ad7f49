package dev.tlsdoctor.cli;

/** {@code --format}: every output format; a command writes some of them (see {@link OutputOptions}). */
enum OutputFormat {
    text, json, nagios, prometheus, markdown;

    /** The formats for monitoring systems: they must print something even when nothing could be checked. */
    boolean isMonitoring() {
        return this == nagios || this == prometheus;
    }
}
