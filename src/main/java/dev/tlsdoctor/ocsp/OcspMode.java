package dev.tlsdoctor.ocsp;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The values of CockroachDB's {@code security.ocsp.mode} that check anything ({@code off}, the
 * default, checks nothing). The mode changes what a failed check does, not whether we check.
 */
public enum OcspMode {
    /** Rejects revoked certificates; accepts when the check fails (logging it). */
    LAX,
    /** Rejects revoked certificates and every certificate whose check fails. */
    STRICT;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
