package dev.tlsdoctor.serve;

import java.util.List;

/**
 * Runs one tls-doctor command line in this JVM, as the shell does: the exporter answers with exactly
 * what {@code probe --format prometheus} and {@code check --format prometheus} print.
 */
@FunctionalInterface
public interface CommandRunner {
    record Result(int exitCode, String out, String err) {}

    Result run(List<String> argv);
}
