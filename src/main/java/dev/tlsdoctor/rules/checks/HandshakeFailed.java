package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/**
 * The server speaks TLS but no session was agreed: no common version or cipher, a refused hello, a
 * malformed or oversized handshake, or (for the JDBC driver) a server certificate the driver refused.
 */
public final class HandshakeFailed extends Check<ProbeResult> {
    public HandshakeFailed() {
        super("handshake-failed", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (e.outcome() == ProbeOutcome.HANDSHAKE_FAILED) {
            ProbeVars.reportUnlessOtherModeWorked(e, out, e.detail());
        } else if (e.outcome() == ProbeOutcome.SERVER_CERT_REJECTED) {
            out.report(e.subject(), e.detail() + "; the certificate findings for " + e.endpoint() + " say why", ProbeVars.of(e));
        }
    }
}
