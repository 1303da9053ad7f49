package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.common.Durations;
import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspAnswer.Outcome;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/**
 * CockroachDB's OCSP request gets no usable answer: connection refused, timeout, HTTP error,
 * internalError/tryLater. Never a verdict on the certificate itself.
 */
public final class OcspUnreachable extends Check<OcspEvidence> {
    public OcspUnreachable() {
        super("ocsp-unreachable", OcspEvidence.class);
    }

    @Override
    public void check(OcspEvidence e, RuleContext out) {
        OcspAnswer cockroach = e.cockroachAnswer();
        if (cockroach == null || cockroach.outcome() != Outcome.UNREACHABLE) {
            return;
        }
        OcspAnswer standard = e.standardAnswer();
        String ours = standard != null && standard.outcome() != Outcome.UNREACHABLE
                ? " (our " + standard.request() + " got: " + standard.detail() + ")" : "";
        out.report(RevocationText.failureSeverity(e.mode()), e.target().subject(),
                "no usable answer from the OCSP responder about " + RevocationText.about(e.target()) + " (timeout "
                        + Durations.words(e.timeout()) + "): " + RevocationText.answers(e.cockroach()) + ours
                        + "; its revocation status is unknown, not good and not revoked. " + RevocationText.WHEN_CHECK_FAILS,
                RevocationText.vars(e.target(), cockroach.url()));
    }
}
