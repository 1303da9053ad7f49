package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/**
 * The responder answers the SHA-1 CertID that openssl sends but not the SHA-256 one CockroachDB
 * sends: `openssl ocsp` works, the cluster's checks fail.
 */
public final class OcspSha256Unsupported extends Check<OcspEvidence> {
    public OcspSha256Unsupported() {
        super("ocsp-sha256-unsupported", OcspEvidence.class);
    }

    @Override
    public void check(OcspEvidence e, RuleContext out) {
        if (!e.isSha256Unsupported()) {
            return;
        }
        OcspAnswer cockroach = e.cockroachAnswer();
        OcspAnswer standard = e.standardAnswer();
        out.report(RevocationText.failureSeverity(e.mode()), e.target().subject(),
                "the OCSP responder answers " + standard.request() + " for " + RevocationText.about(e.target()) + " ('"
                        + standard.outcome().label() + "'), but not the SHA-256 request CockroachDB sends (" + cockroach.detail()
                        + "): openssl ocsp works, the cluster's check fails. " + RevocationText.WHEN_CHECK_FAILS,
                RevocationText.vars(e.target(), cockroach.url()));
    }
}
