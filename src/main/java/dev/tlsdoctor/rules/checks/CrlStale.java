package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.CrlEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The verified CRL is past its nextUpdate (or dated ahead of our clock): the CA stopped publishing. */
public final class CrlStale extends Check<CrlEvidence> {
    public CrlStale() {
        super("crl-stale", CrlEvidence.class);
    }

    @Override
    public void check(CrlEvidence e, RuleContext out) {
        boolean verified = e.outcome() == CrlEvidence.Outcome.NOT_REVOKED || e.outcome() == CrlEvidence.Outcome.REVOKED;
        if (!verified || e.freshnessProblem() == null) {
            return;
        }
        out.report(e.target().subject(), "the CRL at " + e.url() + " used for " + RevocationText.about(e.target())
                        + " is not current: " + e.freshnessProblem() + ", so revocations since it was issued are missing from it",
                RevocationText.vars(e.target(), e.url()));
    }
}
