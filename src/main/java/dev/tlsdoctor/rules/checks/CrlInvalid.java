package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.CrlEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The CRL downloaded must not be believed: not a CRL, too large, another issuer's, or a bad signature. */
public final class CrlInvalid extends Check<CrlEvidence> {
    public CrlInvalid() {
        super("crl-invalid", CrlEvidence.class);
    }

    @Override
    public void check(CrlEvidence e, RuleContext out) {
        if (e.outcome() != CrlEvidence.Outcome.INVALID) {
            return;
        }
        out.report(e.target().subject(), "the CRL at " + e.url() + " for " + RevocationText.about(e.target())
                        + " cannot be trusted, so it was not used: " + e.detail(),
                RevocationText.vars(e.target(), e.url()));
    }
}
