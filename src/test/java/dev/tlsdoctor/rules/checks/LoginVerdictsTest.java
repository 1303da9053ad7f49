package dev.tlsdoctor.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.probe.Endpoint;
import dev.tlsdoctor.probe.LoginCause;
import dev.tlsdoctor.probe.ProbeMode;
import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Login verdicts from CockroachDB's own wording, which the PostgreSQL server in ProbePostgresTest cannot
 * produce. Each message is quoted from CockroachDB's source: pkg/sql/pgwire/auth.go (handleAuthentication:
 * a user that does not exist gets security.NewErrPasswordUserAuthFailed, "password authentication failed for
 * user %s", SQLSTATE 28P01, before any password exchange; "%s does not have login privilege"),
 * pkg/sql/pgwire/role_mapper.go (HbaMapper: "system identity %q mapped to reserved database role %q"),
 * pkg/sql/pgwire/auth_methods.go (authCert: "no TLS peer certificates, but required for auth";
 * authCertPassword asks for a cleartext password when no certificate was presented) and pkg/security/auth.go
 * (UserAuthCertHook: "certificate authentication failed for user %q (DN: %s)" with DETAIL "The client
 * certificate (DN: %s) is valid for %s.").
 */
class LoginVerdictsTest {
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.load(List.of()), AllChecks.ALL);
    private static final List<String> LOGIN_RULES = List.of("sql-auth-failed", "sql-database-missing", "sql-role-missing", "sql-reserved-role",
            "hba-password-required", "client-cert-not-sent");

    private static ProbeResult.SqlLogin error(String user, String sqlState, String message, String detail) {
        return new ProbeResult.SqlLogin(user, false, "an error", sqlState, message, detail, null, null);
    }

    private static ProbeResult.SqlLogin passwordRequest(String user) {
        return new ProbeResult.SqlLogin(user, false, "a cleartext password", null, null, null, null, null);
    }

    /** Runs every rule on a pgwire probe whose login got {@code login}; asserts only {@code rule} of the login rules fired, and returns it. */
    private static Finding only(String rule, ProbeResult.SqlLogin login, boolean presented) {
        ProbeResult.ClientAuth auth = new ProbeResult.ClientAuth(true, List.of(), presented ? "CN=carl,O=Cockroach" : null,
                presented ? "CN=Cockroach CA,O=Cockroach" : null, null, null, null);
        ProbeResult result = new ProbeResult(Endpoint.parse("db.example.com:26257", 26257), ProbeMode.PGWIRE, "db.example.com",
                ProbeOutcome.SQL_AUTH_FAILED, "sql-login", "the server refused the login as " + login.user(), "TLSv1.3", "TLS_AES_128_GCM_SHA256", 5,
                List.of(), auth, login.judged(presented), null, false);
        List<Finding> fired = ENGINE.run(List.of(result), RunSettings.defaults()).stream().filter(f -> LOGIN_RULES.contains(f.rule())).toList();
        assertEquals(List.of(rule), fired.stream().map(Finding::rule).toList(), fired.toString());
        return fired.get(0);
    }

    @Test
    void aUserThatDoesNotExistIsHiddenBehindAPasswordFailureThatNeverAskedForOne() {
        Finding f = only("sql-role-missing", error("carl", "28P01", "password authentication failed for user carl", null), true);
        assertTrue(f.message().contains("CockroachDB's answer for a user that does not exist"), f.message());
        assertTrue(f.fix().contains("CREATE USER carl;"), f.fix());
        Finding nologin = only("sql-role-missing", error("carl", "28000", "carl does not have login privilege", null), true);
        assertTrue(nologin.fix().contains("ALTER ROLE carl WITH LOGIN;"), nologin.fix());
        Finding quoted = only("sql-role-missing", error("Carl-1", "28000", "role \"Carl-1\" does not exist", null), true);
        assertTrue(quoted.fix().contains("CREATE USER \"Carl-1\";"), quoted.fix());
    }

    @Test
    void anIdentityMapOntoRootIsAReservedRole() {
        Finding f = only("sql-reserved-role", error("root", "28000", "system identity \"carl\" mapped to reserved database role \"root\"", null), true);
        assertTrue(f.fix().contains("map carl to an ordinary user"), f.fix());
        assertTrue(f.fix().contains("tls-doctor check --user root"), f.fix());
    }

    @Test
    void noCertificateSentIsNotFixedByIssuingOne() {
        Finding required = only("client-cert-not-sent", error("carl", "28000", "no TLS peer certificates, but required for auth", null), false);
        assertTrue(required.message().contains("none we had fits the key types it asked for"), required.message());
        assertTrue(!required.fix().contains("Issue a certificate"), "a new certificate does not help: " + required.fix());
        only("client-cert-not-sent", passwordRequest("carl"), false);
    }

    @Test
    void aPasswordAskedForAfterOurCertificateIsTheHbaRule() {
        Finding f = only("hba-password-required", passwordRequest("carl"), true);
        assertTrue(f.message().contains("asked for a cleartext password instead of accepting a client certificate"), f.message());
        assertTrue(f.fix().contains("'host all carl all cert-password'"), f.fix());
    }

    @Test
    void aCertificateThatDoesNotNameTheUserKeepsItsRuleAndTheServersDetail() {
        Finding f = only("sql-auth-failed", error("carl", "28000", "certificate authentication failed for user \"carl\" (DN: <nil>)",
                "The client certificate (DN: ) is valid for \"root\" on all tenants."), true);
        assertTrue(f.message().contains("DETAIL: The client certificate (DN: ) is valid for \"root\" on all tenants."), f.message());
        assertTrue(f.fix().contains("Issue a certificate for the user you log in as (CN=carl)"), f.fix());
    }

    @Test
    void aMissingDatabaseIsAWarningWhenTheServerRefusedItBeforeAuthenticating() {
        Finding f = only("sql-database-missing", error("carl", "3D000", "database \"defaultdb\" does not exist", null), true);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.message().contains("not known to work"), f.message());
    }

    @Test
    void eachCauseIsReadFromTheServersWords() {
        assertEquals(LoginCause.CERT_NOT_SENT, error("u", "28000", "connection requires a valid client certificate", null).judged(null).cause());
        assertEquals(LoginCause.OTHER, error("u", "28P01", "password authentication failed for user u", null).judged(null).cause(),
                "without knowing whether a certificate was sent, a password failure proves nothing");
        assertEquals(LoginCause.CERT_REFUSED, error("u", "28000", "requested user identity \"u\" does not correspond to any mapping for system identity \"carl\"", null)
                .judged(true).cause());
    }
}
