package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.Map;

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
                vars(e));
    }

    private static Map<String, String> vars(OcspEvidence e) {
        Map<String, String> vars = RevocationText.vars(e.target(), null);
        String command = e.target().leaf() && e.target().source() != null
                ? FixCommands.addOcspUrl(e.target().source(), e.urls().isEmpty() ? null : e.urls().get(0)) : null;
        vars.put("aiaCommand", command != null ? command
                : "have '" + e.target().issuer() + "' re-issue it with the extension authorityInfoAccess = OCSP;URI:followed by the responder's URL");
        return vars;
    }
}
