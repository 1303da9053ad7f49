package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspAnswer.Outcome;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.List;

/** The responder answers, but gives no status for the certificate: 'unknown', or unauthorized/malformedRequest/sigRequired. */
public final class OcspUnknown extends Check<OcspEvidence> {
    public OcspUnknown() {
        super("ocsp-unknown", OcspEvidence.class);
    }

    @Override
    public void check(OcspEvidence e, RuleContext out) {
        List<OcspAnswer> answers = e.finalAnswers();
        if (answers.stream().anyMatch(a -> a.outcome().isDefinitive())) {
            return; // a definitive answer exists; a SHA-256-only refusal is ocsp-sha256-unsupported
        }
        List<OcspAnswer> unknown = answers.stream().filter(a -> a.outcome() == Outcome.UNKNOWN || a.outcome() == Outcome.REFUSED).toList();
        if (unknown.isEmpty()) {
            return;
        }
        out.report(RevocationText.failureSeverity(e.mode()), e.target().subject(),
                "the OCSP responder has no status for " + RevocationText.about(e.target()) + ": " + RevocationText.answers(unknown)
                        + ". " + RevocationText.WHEN_CHECK_FAILS,
                RevocationText.vars(e.target(), unknown.get(0).url()));
    }
}
