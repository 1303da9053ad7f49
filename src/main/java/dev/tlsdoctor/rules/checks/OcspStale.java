package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspAnswer.Outcome;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.LinkedHashSet;
import java.util.Set;

/** A verified answer outside its validity window: nextUpdate passed, or thisUpdate ahead of our clock (5 minutes' skew allowed). */
public final class OcspStale extends Check<OcspEvidence> {
    public OcspStale() {
        super("ocsp-stale", OcspEvidence.class);
    }

    @Override
    public void check(OcspEvidence e, RuleContext out) {
        Set<String> problems = new LinkedHashSet<>();
        String url = null;
        for (OcspAnswer a : e.finalAnswers()) {
            boolean verified = a.outcome() == Outcome.GOOD || a.outcome() == Outcome.REVOKED || a.outcome() == Outcome.UNKNOWN;
            if (verified && a.freshnessProblem() != null) {
                problems.add("the '" + a.outcome().label() + "' answer from " + a.url() + " is not current: " + a.freshnessProblem());
                url = url != null ? url : a.url();
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        out.report(e.target().subject(), RevocationText.about(e.target()) + ": " + String.join("; ", problems)
                        + ", so it says nothing about the certificate now (a revocation since then would not show)."
                        + " CockroachDB does not check thisUpdate/nextUpdate: it acts on a stale answer in lax and strict mode",
                RevocationText.vars(e.target(), url));
    }
}
