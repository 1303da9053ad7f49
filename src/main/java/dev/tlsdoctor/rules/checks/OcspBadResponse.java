package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspAnswer.Outcome;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.List;

/**
 * An answer that must not be believed: bad signature, unauthorised signer, CertID or nonce mismatch,
 * malformed, wrong content type, too large. Whatever status it claims is ignored.
 */
public final class OcspBadResponse extends Check<OcspEvidence> {
    public OcspBadResponse() {
        super("ocsp-bad-response", OcspEvidence.class);
    }

    @Override
    public void check(OcspEvidence e, RuleContext out) {
        List<OcspAnswer> bad = e.finalAnswers().stream().filter(a -> a.outcome() == Outcome.BAD_RESPONSE).toList();
        if (bad.isEmpty()) {
            return;
        }
        OcspAnswer cockroach = e.cockroachAnswer();
        String consequence;
        if (cockroach.outcome() != Outcome.BAD_RESPONSE) {
            consequence = "CockroachDB's own request (SHA-256, no nonce) got: " + cockroach.detail();
        } else if (cockroach.cockroachWouldAccept()) {
            consequence = "CockroachDB (Go's OCSP parser) does not check this and acts on the answer anyway, in every mode";
        } else {
            consequence = RevocationText.WHEN_CHECK_FAILS;
        }
        out.report(e.target().subject(), "the OCSP answer about " + RevocationText.about(e.target())
                        + " cannot be trusted, so its status is ignored: " + RevocationText.answers(bad) + ". " + consequence,
                RevocationText.vars(e.target(), bad.get(0).url()));
    }
}
