package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.LoginCause;
import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/**
 * TLS was fine, but the server refused the certificate for this user (or refused the login for a
 * reason no more specific login rule names); the message carries the server's own words.
 */
public final class SqlAuthFailed extends Check<ProbeResult> {
    public SqlAuthFailed() {
        super("sql-auth-failed", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        LoginCause cause = ProbeVars.refusal(e);
        if (e.outcome() != ProbeOutcome.SQL_AUTH_FAILED || cause != null && cause != LoginCause.CERT_REFUSED && cause != LoginCause.OTHER) {
            return;
        }
        out.report(e.subject(), ProbeVars.serverWords(e) + ProbeVars.presented(e), ProbeVars.of(e));
    }
}
