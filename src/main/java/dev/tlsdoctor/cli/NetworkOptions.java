package dev.tlsdoctor.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --timeout}: the bound on what a command does over the network. */
final class NetworkOptions {
    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Bound on each network step: a probe (DNS, connect, handshake and login together), a connection attempt, an OCSP or CRL request."
                    + " 5s, 500ms, 1m30s (default: 5s; ocsp: 3s, as security.ocsp.timeout).")
    Duration timeout;

    private final Duration defaultTimeout;

    NetworkOptions(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    Duration timeout() {
        return timeout != null ? timeout : defaultTimeout;
    }
}
