package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.CrlEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** No CRL could be downloaded from any of the certificate's distribution points. */
public final class CrlUnreachable extends Check<CrlEvidence> {
    public CrlUnreachable() {
        super("crl-unreachable", CrlEvidence.class);
    }

    @Override
    public void check(CrlEvidence e, RuleContext out) {
        if (e.outcome() != CrlEvidence.Outcome.UNREACHABLE) {
            return;
        }
        out.report(e.target().subject(), "cannot download the CRL for " + RevocationText.about(e.target()) + " from " + e.url()
                        + ": " + e.detail() + "; its revocation status by CRL is unknown, not good and not revoked. "
                        + RevocationText.NEVER_CHECKED,
                RevocationText.vars(e.target(), e.url()));
    }
}
