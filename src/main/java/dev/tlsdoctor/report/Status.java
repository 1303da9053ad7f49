package dev.tlsdoctor.report;

import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import java.util.Collection;
import java.util.Set;

/** The overall verdict, with the monitoring-plugin exit code that goes with it. */
public enum Status {
    OK(0), WARNING(1), CRITICAL(2), UNKNOWN(3);

    private final int exitCode;

    Status(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Rules whose findings mean "could not check this endpoint" rather than "found a problem". */
    private static final Set<String> UNCHECKED = Set.of("unreachable", "timeout");

    /** Whether the finding says something could not be checked (UNKNOWN), rather than found broken: an unreachable or silent endpoint, unless only info. */
    public static boolean couldNotCheck(Finding f) {
        return UNCHECKED.contains(f.rule()) && f.severity() != Severity.INFO;
    }

    /** CRITICAL for any error finding, WARNING for any warning, else OK: info findings never raise the status. */
    public static Status of(Collection<Finding> findings) {
        return of(findings.stream().filter(f -> f.severity() == Severity.ERROR).count(),
                findings.stream().filter(f -> f.severity() == Severity.WARNING).count());
    }

    /** As {@link #of(Collection)}, from how many error and warning findings there were. */
    public static Status of(long errors, long warnings) {
        return errors > 0 ? CRITICAL : warnings > 0 ? WARNING : OK;
    }
}
