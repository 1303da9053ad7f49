package dev.tlsdoctor.cli;

import java.util.Arrays;
import java.util.List;

/** {@code --format}. Not every command speaks every format: see {@link #requireOneOf}. */
public enum OutputFormat {
    text, json, nagios, prometheus;

    /** @throws UserError when this format is not among those {@code command} can write */
    void requireOneOf(String command, OutputFormat... allowed) {
        List<OutputFormat> formats = Arrays.asList(allowed);
        if (!formats.contains(this)) {
            throw new UserError(command + ": --format " + this + " is not available here (use " + String.join(" or ", formats.stream().map(Enum::name).toList()) + ")");
        }
    }

    /** The formats for monitoring systems: they must print something even when nothing could be checked. */
    boolean isMonitoring() {
        return this == nagios || this == prometheus;
    }
}
