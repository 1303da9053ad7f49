package dev.tlsdoctor.ocsp;

import java.time.Duration;

/**
 * How revocation is checked.
 *
 * @param mode the {@code security.ocsp.mode} to judge by
 * @param timeout the limit for every HTTP call ({@code security.ocsp.timeout}, 3s by default)
 * @param responderUrl a responder to ask about the leaf certificates instead of their AIA URLs, or null
 * @param clockSkew how far thisUpdate may lie ahead of our clock and nextUpdate behind it
 */
public record RevocationOptions(OcspMode mode, Duration timeout, String responderUrl, Duration clockSkew) {
    /** CockroachDB's default {@code security.ocsp.timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    public RevocationOptions(OcspMode mode, Duration timeout, String responderUrl) {
        this(mode, timeout, responderUrl, DEFAULT_CLOCK_SKEW);
    }
}
