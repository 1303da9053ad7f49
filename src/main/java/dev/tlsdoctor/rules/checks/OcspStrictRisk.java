package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.common.Durations;
import dev.tlsdoctor.ocsp.OcspMode;
import dev.tlsdoctor.ocsp.ResponderEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.ArrayList;
import java.util.List;

/**
 * In strict mode every connection depends on the responder: one that is down, slow, or the only one
 * a certificate names turns its outage into a cluster lock-out.
 */
public final class OcspStrictRisk extends Check<ResponderEvidence> {
    public OcspStrictRisk() {
        super("ocsp-strict-risk", ResponderEvidence.class);
    }

    @Override
    public void check(ResponderEvidence r, RuleContext out) {
        if (r.mode() != OcspMode.STRICT) {
            return;
        }
        List<String> risks = new ArrayList<>();
        if (r.unreachable() > 0) {
            risks.add("it gave no usable answer to " + r.unreachable() + " of " + r.requests() + " requests");
        }
        if (r.slowestMillis() * 2 > r.timeout().toMillis()) {
            risks.add("its slowest answer took " + r.slowestMillis() + " ms, more than half of security.ocsp.timeout ("
                    + Durations.words(r.timeout()) + "), which bounds all the checks of one handshake");
        }
        if (r.soleResponderFor() > 0) {
            risks.add(r.soleResponderFor() + " of the " + r.certificates() + " certificates naming it name no other responder,"
                    + " so nothing stands in when it is down");
        }
        if (risks.isEmpty()) {
            return;
        }
        out.report(r.url(), "with security.ocsp.mode=strict every handshake waits for this responder and fails without"
                + " its answer: " + String.join("; ", risks) + ". An outage would lock clients and nodes out of the cluster",
                new java.util.LinkedHashMap<>(java.util.Map.of("url", r.url(), "timeout", Durations.words(r.timeout()))));
    }
}
