package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.ResponderEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.Map;

/** The responder leaves our nonce out of its answers: harmless for CockroachDB (it sends none), but replays cannot be told apart. */
public final class OcspNonceIgnored extends Check<ResponderEvidence> {
    public OcspNonceIgnored() {
        super("ocsp-nonce-ignored", ResponderEvidence.class);
    }

    @Override
    public void check(ResponderEvidence r, RuleContext out) {
        if (r.nonceOmitted() == 0) {
            return;
        }
        out.report(r.url(), "the responder left our nonce out of " + r.nonceOmitted() + " of " + (r.nonceOmitted() + r.nonceEchoed())
                        + " signed answers to requests carrying one: its answers are pre-produced or cached, so only"
                        + " thisUpdate/nextUpdate show how fresh they are. CockroachDB sends no nonce, so this changes nothing for the cluster",
                Map.of("url", r.url()));
    }
}
