package dev.tlsdoctor.cli;

import dev.tlsdoctor.rules.RuleFileException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.IntSupplier;
import picocli.CommandLine.Option;

/** {@code --format}, and whether the text output is coloured. Each command says which formats it writes. */
final class OutputOptions {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Output format: text, json, nagios (a monitoring-plugin status line with performance data), prometheus (text exposition"
                    + " for node_exporter's textfile collector), markdown. check, probe, ocsp: text (default), json, nagios, prometheus;"
                    + " connect, explain, fix, rules: text (default), json; report: markdown (default), json.")
    OutputFormat format;

    private final String command;
    private final List<OutputFormat> written;

    /** @param written the formats {@code command} writes, its default first */
    OutputOptions(String command, OutputFormat... written) {
        this.command = command;
        this.written = List.of(written);
    }

    /** {@code --format}, else the command's default. @throws UserError for a format the command does not write */
    OutputFormat format() {
        if (format == null) {
            return written.get(0);
        }
        if (!written.contains(format)) {
            throw new UserError(command + ": --format " + format + " is not available here (use "
                    + String.join(" or ", written.stream().map(Enum::name).toList()) + ")");
        }
        return format;
    }

    /** The formats the command writes, its default first. */
    List<OutputFormat> written() {
        return written;
    }

    /** What was diagnosed, in the format asked for. */
    String render(Diagnosed run) {
        return format().render(run, color());
    }

    /**
     * Runs a command's check. When it cannot check (a {@link UserError}, a bad rule file), a monitoring
     * format still prints its UNKNOWN status line or metrics before the one-line error (exit 3).
     */
    int run(PrintWriter out, IntSupplier check) {
        OutputFormat chosen = format();
        try {
            return check.getAsInt();
        } catch (UserError | RuleFileException e) {
            out.print(chosen.couldNotCheck(e.getMessage()));
            throw e;
        }
    }

    /** Colour in the text output: only for a person at a terminal that has not asked for none. */
    boolean color() {
        return Terminal.wantsColor();
    }
}
