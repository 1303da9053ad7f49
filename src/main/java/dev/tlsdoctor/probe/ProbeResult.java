package dev.tlsdoctor.probe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tlsdoctor.common.Evidence;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Evidence: what one probe of one endpoint in one mode observed. Gathered by {@link Prober} (or the
 * JDBC driver for {@code connect}); the probe rules read it.
 *
 * @param endpoint what was dialled
 * @param mode how
 * @param serverName the name the server's certificate must match (--sni, else the host dialled)
 * @param outcome how far it got
 * @param step where it stopped ("dns", "connect", "ssl-request", "handshake", "after-handshake", "sql-login"), null when OK
 * @param detail what happened, in words with the concrete values; empty when OK
 * @param protocol the TLS version agreed, or null
 * @param cipher the cipher suite agreed, or null
 * @param millis how long the probe took
 * @param servedChain the certificates the server sent, leaf first; empty when it sent none
 * @param clientAuth what the server asked of and said to our client certificate, or null before the handshake
 * @param sqlLogin the SQL login attempt, or null when none was made
 * @param legacyVersion a TLS version below 1.2 the server agreed to when offered only TLS 1.0/1.1, or null
 * @param otherModeWorked in auto mode, whether the other mode reached TLS on the same endpoint
 */
public record ProbeResult(
        Endpoint endpoint,
        ProbeMode mode,
        String serverName,
        ProbeOutcome outcome,
        String step,
        String detail,
        String protocol,
        String cipher,
        long millis,
        List<X509Certificate> servedChain,
        ClientAuth clientAuth,
        SqlLogin sqlLogin,
        String legacyVersion,
        boolean otherModeWorked) implements Evidence {

    /**
     * In auto mode, this mode failed only because the port speaks the other one (a DB Console or RPC-only
     * port has no pgwire; a SQL-only proxy no direct TLS): how the port is meant to be, not a problem.
     */
    public boolean otherModeOnly() {
        return otherModeWorked && (outcome == ProbeOutcome.NOT_TLS || outcome == ProbeOutcome.HANDSHAKE_FAILED || outcome == ProbeOutcome.TIMEOUT);
    }

    /** What findings name: {@code host:port (pgwire)}. */
    public String subject() {
        return subject(endpoint, mode.label());
    }

    static String subject(Endpoint endpoint, String modes) {
        return endpoint + " (" + modes + ")";
    }

    /** Whether a TLS session was established (the chain, version and cipher are known). */
    public boolean reachedTls() {
        return protocol != null;
    }

    /** A probe that ended without a TLS session of ours (stuck, or the JDBC driver's attempt): no version, cipher, chain or client authentication. */
    public static ProbeResult withoutSession(Endpoint endpoint, ProbeMode mode, String serverName, ProbeOutcome outcome, String step,
            String detail, long millis, SqlLogin sqlLogin) {
        return new ProbeResult(endpoint, mode, serverName, outcome, step, detail, null, null, millis, List.of(), null, sqlLogin, null, false);
    }

    /** This result, with the TLS version below 1.2 the server also agreed to, and the detail that says so. */
    public ProbeResult withLegacyVersion(String version, String newDetail) {
        return new ProbeResult(endpoint, mode, serverName, outcome, step, newDetail, protocol, cipher, millis, servedChain,
                clientAuth, sqlLogin, version, otherModeWorked);
    }

    public ProbeResult withOtherModeWorked(boolean worked) {
        return new ProbeResult(endpoint, mode, serverName, outcome, step, detail, protocol, cipher, millis, servedChain,
                clientAuth, sqlLogin, legacyVersion, worked);
    }

    /**
     * The server's side of client authentication.
     *
     * @param requested whether the server asked for a client certificate (CertificateRequest)
     * @param acceptedIssuers the CA names the server said it accepts (may be empty even when it verifies)
     * @param presented the subject of the certificate we sent, or null when we sent none
     * @param presentedIssuer its issuer, or null
     * @param alert the TLS alert the server sent about it (e.g. unknown_ca, bad_certificate), or null
     * @param presentedNotBefore the start of our certificate's validity, or null when we sent none
     * @param presentedNotAfter the end of our certificate's validity, or null when we sent none
     */
    public record ClientAuth(
            boolean requested,
            @JsonProperty("accepted_issuers") List<String> acceptedIssuers,
            String presented,
            @JsonProperty("presented_issuer") String presentedIssuer,
            String alert,
            @JsonProperty("presented_not_before") Instant presentedNotBefore,
            @JsonProperty("presented_not_after") Instant presentedNotAfter) {}

    /**
     * A SQL login: a pgwire StartupMessage for {@code user} and the server's answer.
     *
     * @param answer the server's answer in words (e.g. "AuthenticationOk", "a password (SCRAM-SHA-256)")
     * @param sqlState the SQLSTATE of the server's error, or null
     * @param message the server's error message (M field), or null
     * @param detail the server's DETAIL, or null
     * @param hint the server's HINT, or null
     * @param cause why the login was not accepted, or null when it was
     */
    public record SqlLogin(String user, boolean accepted, String answer, @JsonProperty("sqlstate") String sqlState, String message, String detail,
            String hint, LoginCause cause) {

        /** The same answer with its cause, judged by whether our certificate was sent (null: not known). */
        public SqlLogin judged(Boolean presented) {
            return accepted ? this : new SqlLogin(user, false, answer, sqlState, message, detail, hint, LoginCause.of(this, presented));
        }

        /** Whether the server asked for a password (cleartext, MD5 or SCRAM) instead of accepting the certificate. */
        @JsonIgnore
        public boolean passwordRequested() {
            return !accepted && message == null && answer.contains("password");
        }

        /** Whether the server said AuthenticationOk: the certificate login itself worked, whatever came after. */
        @JsonIgnore
        public boolean authenticated() {
            return accepted || answer.startsWith("AuthenticationOk");
        }
    }
}
