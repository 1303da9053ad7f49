package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.LoginCause;
import dev.tlsdoctor.probe.ProbeMode;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The login named a database that does not exist (3D000). After AuthenticationOk the certificate login itself
 * worked: info for a probe, whose --database is only ours; an error for connect, whose URL is the application's.
 */
public final class SqlDatabaseMissing extends Check<ProbeResult> {
    private static final Pattern DATABASE = Pattern.compile("database \"([^\"]+)\" does not exist");

    public SqlDatabaseMissing() {
        super("sql-database-missing", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (ProbeVars.refusal(e) != LoginCause.DATABASE_MISSING) {
            return;
        }
        boolean authenticated = e.sqlLogin().authenticated();
        boolean application = e.mode() == ProbeMode.JDBC; // the application's own URL names the database: its connection fails
        String verdict = application ? "the connection fails: "
                : authenticated ? "the certificate login as " + e.sqlLogin().user() + " worked (AuthenticationOk), but the server then ended the session: "
                : "the server refused the session before authenticating " + e.sqlLogin().user() + ", so the certificate login is not known to work: ";
        Severity severity = application ? Severity.ERROR : authenticated ? Severity.INFO : Severity.WARNING;
        Map<String, String> vars = ProbeVars.of(e);
        Matcher m = DATABASE.matcher(e.sqlLogin().message());
        vars.put("database", m.find() ? m.group(1) : "defaultdb");
        out.report(severity, e.subject(), verdict + ProbeVars.serverWords("", e.sqlLogin()), vars);
    }
}
