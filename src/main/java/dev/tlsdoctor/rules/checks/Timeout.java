package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** A step of the probe (DNS, connect, SSLRequest, handshake, login) did not finish within the timeout. */
public final class Timeout extends Check<ProbeResult> {
    public Timeout() {
        super("timeout", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (e.outcome() == ProbeOutcome.TIMEOUT) {
            ProbeVars.reportUnlessOtherModeWorked(e, out, e.detail());
        }
    }
}
