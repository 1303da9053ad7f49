package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The endpoint could not be reached: connection refused, no route, or the name does not resolve. */
public final class Unreachable extends Check<ProbeResult> {
    public Unreachable() {
        super("unreachable", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (e.outcome() == ProbeOutcome.UNREACHABLE) {
            out.report(e.subject(), e.detail(), ProbeVars.of(e));
        }
    }
}
