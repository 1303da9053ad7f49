package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspAnswer.Outcome;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** A verified OCSP answer says the certificate is revoked. */
public final class Revoked extends Check<OcspEvidence> {
    public Revoked() {
        super("revoked", OcspEvidence.class);
    }

    @Override
    public void check(OcspEvidence e, RuleContext out) {
        OcspAnswer cockroach = e.cockroachAnswer();
        OcspAnswer revoked = e.finalAnswers().stream().filter(a -> a.outcome() == Outcome.REVOKED).findFirst().orElse(null);
        if (revoked == null) {
            return;
        }
        String consequence = cockroach.outcome() == Outcome.REVOKED ? RevocationText.WHEN_REVOKED
                : "CockroachDB's own SHA-256 request got no definitive answer (" + cockroach.detail() + "), so only"
                        + " security.ocsp.mode=strict rejects it; lax and off accept it";
        out.report(e.target().subject(), RevocationText.about(e.target()) + " is revoked: " + revoked.url() + " answered "
                + revoked.detail() + ". " + consequence, RevocationText.vars(e.target(), revoked.url()));
    }
}
