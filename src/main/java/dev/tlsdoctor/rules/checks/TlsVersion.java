package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The server agrees to a TLS version below 1.2 when a client offers nothing newer. */
public final class TlsVersion extends Check<ProbeResult> {
    public TlsVersion() {
        super("tls-version", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (e.legacyVersion() != null) {
            out.report(e.subject(), "accepts " + e.legacyVersion() + " when a client offers only TLS 1.0/1.1; CockroachDB itself never goes below TLS 1.2, so something else terminates TLS here (a proxy or load balancer?)",
                    ProbeVars.of(e));
        }
    }
}
