package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** TLS was fine, but the SQL login was refused; the message carries the server's own words. */
public final class SqlAuthFailed extends Check<ProbeResult> {
    public SqlAuthFailed() {
        super("sql-auth-failed", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (e.outcome() != ProbeOutcome.SQL_AUTH_FAILED) {
            return;
        }
        ProbeResult.SqlLogin login = e.sqlLogin();
        StringBuilder message = new StringBuilder(e.detail());
        if (login != null && login.message() != null) {
            message.append(": ").append(login.message());
            if (login.sqlState() != null) {
                message.append(" (SQLSTATE ").append(login.sqlState()).append(')');
            }
            if (login.detail() != null) {
                message.append("; DETAIL: ").append(login.detail());
            }
            if (login.hint() != null) {
                message.append("; HINT: ").append(login.hint());
            }
        } else if (login != null && !login.accepted()) {
            message.append(": the server asked for ").append(login.answer()).append(" instead of accepting the client certificate");
        }
        out.report(e.subject(), message.toString(), ProbeVars.of(e));
    }
}
