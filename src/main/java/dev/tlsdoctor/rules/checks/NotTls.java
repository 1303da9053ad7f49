package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** What answered on the port is not TLS: HTTP, plain pgwire, garbage, or an SSLRequest answer other than S or N. */
public final class NotTls extends Check<ProbeResult> {
    public NotTls() {
        super("not-tls", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (e.outcome() == ProbeOutcome.NOT_TLS) {
            ProbeVars.reportUnlessOtherModeWorked(e, out, e.detail());
        }
    }
}
