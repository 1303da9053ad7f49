package dev.tlsdoctor.probe;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Why a SQL login with a client certificate did not end in "ready for queries", read from the server's
 * SQLSTATE and message in PostgreSQL's and CockroachDB's wording (pkg/sql/pgwire/auth.go, auth_methods.go,
 * role_mapper.go; pkg/security/auth.go). Each cause has its own fix, so each is its own rule.
 */
public enum LoginCause {
    /** SQLSTATE 3D000: the database named in the login does not exist (PostgreSQL checks it after authentication). */
    DATABASE_MISSING,
    /**
     * The role does not exist or may not log in. PostgreSQL: {@code role "x" does not exist},
     * {@code role "x" is not permitted to log in}. CockroachDB hides a missing user behind
     * {@code password authentication failed for user x} (28P01) even when no password was asked for,
     * and says {@code x does not have login privilege} for NOLOGIN.
     */
    ROLE_MISSING,
    /** CockroachDB: an HBA identity map ({@code map=}) turned the certificate's principal into root or another reserved role. */
    RESERVED_ROLE,
    /** The server asked for a password although we presented a certificate: its HBA rule for this user is a password method. */
    PASSWORD_REQUIRED,
    /** No certificate reached the server: it asked for a password or said it requires a certificate. */
    CERT_NOT_SENT,
    /** The certificate was received but is not valid for this user (CN, DNS SANs, principal map, identity map, SUBJECT). */
    CERT_REFUSED,
    /** Any other refusal: the server's text says what. */
    OTHER;

    private static final Pattern ROLE_MISSING_TEXT = Pattern.compile(
            "role \"[^\"]*\" does not exist|role \"[^\"]*\" is not permitted to log in|does not have login privilege");
    private static final Pattern CERT_NOT_SENT_TEXT = Pattern.compile(
            "connection requires a valid client certificate|no TLS peer certificates, but required for auth|no client certificates in request");
    private static final Pattern CERT_REFUSED_TEXT = Pattern.compile(
            "certificate authentication failed for user|does not correspond to any mapping for system identity|did not map to a database role"
                    + "|using tenant client certificate as user certificate is not allowed|does not have a distinguished name set"
                    + "|certificate validation \\(clientcert=verify-full\\) failed");

    /** As in the JSON output: {@code role-missing}, … */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The cause of a login that was not accepted.
     *
     * @param presented whether the client sent a certificate in the handshake; null when unknown (the JDBC driver does not say)
     */
    static LoginCause of(ProbeResult.SqlLogin login, Boolean presented) {
        String message = login.message() == null ? "" : login.message();
        if ("3D000".equals(login.sqlState())) {
            return DATABASE_MISSING;
        }
        if (message.contains("mapped to reserved database role")) {
            return RESERVED_ROLE;
        }
        if (ROLE_MISSING_TEXT.matcher(message).find()) {
            return ROLE_MISSING;
        }
        if (CERT_NOT_SENT_TEXT.matcher(message).find()) {
            return CERT_NOT_SENT;
        }
        if (CERT_REFUSED_TEXT.matcher(message).find()) {
            return CERT_REFUSED;
        }
        if (login.passwordRequested()) {
            return Boolean.FALSE.equals(presented) ? CERT_NOT_SENT : PASSWORD_REQUIRED;
        }
        if ("28P01".equals(login.sqlState()) && message.startsWith("password authentication failed") && Boolean.TRUE.equals(presented)) {
            return ROLE_MISSING; // CockroachDB's answer for a user that does not exist, given before any password exchange
        }
        return OTHER;
    }
}
