package dev.tlsdoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text output: colour only when asked for (a terminal without NO_COLOR), findings grouped by subject, multi-line fixes indented. */
class TextReportTest {
    private static final Report REPORT = Report.of(List.of(
            new Finding("key-permissions", Severity.ERROR, "certs/node.crt", "key file certs/node.key has permissions -rw-r--r--", "chmod 600 certs/node.key"),
            new Finding("stray-file", Severity.INFO, "certs/notes.txt", "not a file CockroachDB loads", "move it"),
            new Finding("key-usage", Severity.ERROR, "certs/node.crt", "needs clientAuth", "line one\nline two")),
            List.of());

    @Test
    void plainTextHasNoEscapeCodes() {
        String text = new TextReport(false).render(REPORT);
        assertFalse(text.contains("\u001b"), text);
        assertEquals("""
                Findings
                certs/node.crt
                  ERROR   key-permissions: key file certs/node.key has permissions -rw-r--r--
                    fix: chmod 600 certs/node.key
                  ERROR   key-usage: needs clientAuth
                    fix: line one
                         line two

                certs/notes.txt
                  INFO    stray-file: not a file CockroachDB loads
                    fix: move it

                CRITICAL: 2 errors, 0 warnings, 1 info; 0 certificates examined
                """, text);
    }

    @Test
    void colourWhenAskedFor() {
        String text = new TextReport(true).render(REPORT);
        assertTrue(text.contains("\u001b[31;1mERROR  \u001b[0m key-permissions"), text);
        assertTrue(text.contains("\u001b[31mCRITICAL\u001b[0m: 2 errors"), text);
    }

    @Test
    void statusAndExitCodes() {
        assertEquals(Status.OK, Status.of(List.of(new Finding("r", Severity.INFO, "s", "m", "f"))));
        assertEquals(Status.WARNING, Status.of(List.of(new Finding("r", Severity.INFO, "s", "m", "f"), new Finding("r", Severity.WARNING, "s", "m", "f"))));
        assertEquals(Status.CRITICAL, Status.of(List.of(new Finding("r", Severity.WARNING, "s", "m", "f"), new Finding("r", Severity.ERROR, "s", "m", "f"))));
        assertEquals(List.of(0, 1, 2, 3), List.of(Status.OK.exitCode(), Status.WARNING.exitCode(), Status.CRITICAL.exitCode(), Status.UNKNOWN.exitCode()));
    }
}
