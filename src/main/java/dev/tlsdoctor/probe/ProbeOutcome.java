package dev.tlsdoctor.probe;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a probe got to; each failure is the evidence of one rule. */
public enum ProbeOutcome {
    /** TLS established (and, when a user was given, the SQL login accepted). */
    OK,
    /** Connection refused, no route, or the name does not resolve. */
    UNREACHABLE,
    /** A step did not finish within the timeout. */
    TIMEOUT,
    /** The server answered the SSLRequest with 'N': it runs without TLS. */
    INSECURE_NODE,
    /** What answered is not TLS (HTTP, plain pgwire, garbage, an unexpected SSLRequest answer). */
    NOT_TLS,
    /** TLS was spoken but no session was agreed (versions, ciphers, a refused hello, a malformed handshake). */
    HANDSHAKE_FAILED,
    /** The client (the JDBC driver) refused the server's certificate; the certificate findings say why. */
    SERVER_CERT_REJECTED,
    /** The client (the JDBC driver) could not use its own key, certificate or CA file, so it did not complete the connection. */
    CLIENT_SETUP_FAILED,
    /** The server refused our client certificate with a TLS alert. */
    CLIENT_CERT_REJECTED,
    /** TLS worked, but the SQL login was refused. */
    SQL_AUTH_FAILED;

    /** As in the JSON output: {@code ok}, {@code client-cert-rejected}, … */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
