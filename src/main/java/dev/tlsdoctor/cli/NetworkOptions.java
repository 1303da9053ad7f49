package dev.tlsdoctor.cli;

import dev.tlsdoctor.common.Durations;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --timeout}: the bound on what a command does over the network. */
final class NetworkOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private final Duration defaultTimeout;
    private Duration timeout;

    NetworkOptions(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Bound on each network step: a probe (DNS, connect, handshake and login together), a connection attempt, an OCSP or CRL request."
                    + " 5s, 500ms, 1m30s (default: 5s; ocsp: 3s, as security.ocsp.timeout).")
    void timeout(String text) {
        try {
            timeout = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--timeout: " + e.getMessage());
        }
    }

    Duration timeout() {
        return timeout != null ? timeout : defaultTimeout;
    }
}
