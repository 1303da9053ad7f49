package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.LoginCause;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CockroachDB refused an identity map that turns the certificate's principal into root or another reserved role. */
public final class SqlReservedRole extends Check<ProbeResult> {
    private static final Pattern PRINCIPAL = Pattern.compile("system identity \"([^\"]+)\" mapped to reserved");

    public SqlReservedRole() {
        super("sql-reserved-role", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (ProbeVars.refusal(e) != LoginCause.RESERVED_ROLE) {
            return;
        }
        Map<String, String> vars = ProbeVars.of(e);
        Matcher m = PRINCIPAL.matcher(e.sqlLogin().message());
        vars.put("principal", m.find() ? m.group(1) : "the certificate's principal");
        out.report(e.subject(), ProbeVars.serverWords(e) + ProbeVars.presented(e), vars);
    }
}
