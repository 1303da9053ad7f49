package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.LoginCause;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.Map;

/** The user logged in as does not exist or is NOLOGIN: the fix is CREATE USER, not a new certificate. */
public final class SqlRoleMissing extends Check<ProbeResult> {
    public SqlRoleMissing() {
        super("sql-role-missing", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (ProbeVars.refusal(e) != LoginCause.ROLE_MISSING) {
            return;
        }
        String user = e.sqlLogin().user();
        String why = e.sqlLogin().message().startsWith("password authentication failed")
                ? " (CockroachDB's answer for a user that does not exist: no password was asked for, the certificate was accepted at the TLS level)"
                : "";
        Map<String, String> vars = ProbeVars.of(e);
        vars.put("sqlUser", user.matches("[a-z_][a-z0-9_]*") ? user : '"' + user.replace("\"", "\"\"") + '"');
        out.report(e.subject(), ProbeVars.serverWords(e) + why, vars);
    }
}
