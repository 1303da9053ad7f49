package dev.tlsdoctor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Prometheus's own checker, {@code promtool check metrics} (Debian package prometheus; .ci/run installs
 * it): metric names, base units, suffixes and HELP as Prometheus's linter sees them. Missing promtool
 * fails the test rather than skipping it, so a CI machine without it cannot pass by omission.
 */
public final class Promtool {
    private Promtool() {}

    /** Fails with promtool's own words on any problem it reports in {@code exposition}. */
    public static void assertClean(String exposition) {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is needed (apt-get install prometheus): " + e.getMessage(), e);
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            fail("writing to promtool: " + e.getMessage());
        }
        try {
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            assertEquals("", said, "promtool check metrics on:\n" + exposition);
            assertEquals(0, code, "promtool check metrics exit code, on:\n" + exposition);
        } catch (IOException e) {
            fail("reading promtool: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
