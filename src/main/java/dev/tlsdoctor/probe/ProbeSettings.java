package dev.tlsdoctor.probe;

import java.time.Duration;

/**
 * How to probe: the same for every target of one run.
 *
 * @param timeout the bound on everything one probe does (DNS, connect, SSLRequest, handshake, login)
 * @param sni the server name to send and to check the certificate against, or null for the host dialled
 * @param identity the client certificate to present, or null
 * @param user the SQL user to log in as over pgwire, or null for no login
 * @param database the database named in the login
 */
public record ProbeSettings(Duration timeout, String sni, ClientIdentity identity, String user, String database) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** CockroachDB's default database; PostgreSQL checks the login before the database, so it does not matter there. */
    public static final String DEFAULT_DATABASE = "defaultdb";

    /** The user to log in as: the one asked for, else the one the client certificate names. */
    public String loginUser() {
        if (user != null) {
            return user;
        }
        return identity != null ? identity.defaultUser() : null;
    }
}
