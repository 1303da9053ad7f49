package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The certificate names no OCSP responder, so CockroachDB never checks it. */
public final class OcspNoUrl extends Check<OcspEvidence> {
    public OcspNoUrl() {
        super("ocsp-no-url", OcspEvidence.class);
    }

    @Override
    public void check(OcspEvidence e, RuleContext out) {
        if (!e.aiaUrls().isEmpty()) {
            return;
        }
        String asked = e.urls().isEmpty() ? "" : " (tls-doctor asked " + String.join(", ", e.urls()) + " as told with --url)";
        out.report(e.target().subject(), RevocationText.about(e.target()) + " has no OCSP responder URL in its Authority Information"
                        + " Access extension, so CockroachDB skips it in every security.ocsp.mode: a revocation would go unnoticed" + asked,
                RevocationText.vars(e.target(), null));
    }
}
