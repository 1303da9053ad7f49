package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The server answered the SSLRequest with 'N': it runs without TLS (--insecure, or PostgreSQL with ssl=off). */
public final class InsecureNode extends Check<ProbeResult> {
    public InsecureNode() {
        super("insecure-node", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (e.outcome() == ProbeOutcome.INSECURE_NODE) {
            out.report(e.subject(), e.detail(), ProbeVars.of(e));
        }
    }
}
