package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.CrlEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The certificate's serial is on its issuer's verified CRL. */
public final class CrlRevoked extends Check<CrlEvidence> {
    public CrlRevoked() {
        super("crl-revoked", CrlEvidence.class);
    }

    @Override
    public void check(CrlEvidence e, RuleContext out) {
        if (e.outcome() != CrlEvidence.Outcome.REVOKED) {
            return;
        }
        out.report(e.target().subject(), RevocationText.about(e.target()) + " is revoked: the CRL at " + e.url()
                        + ", signed by the issuer, lists it as revoked on " + Describe.date(e.revokedAt())
                        + (e.revocationReason() != null ? " (" + e.revocationReason() + ")" : "") + ". " + RevocationText.NEVER_CHECKED,
                RevocationText.vars(e.target(), e.url()));
    }
}
