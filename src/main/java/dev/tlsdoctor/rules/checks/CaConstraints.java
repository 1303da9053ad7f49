package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.PathResult.Outcome;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.security.cert.X509Certificate;
import java.util.Map;

/**
 * A CA file holds a certificate that cannot act as a CA (no basicConstraints CA:TRUE, or a keyUsage
 * without keyCertSign), or a chain breaks a CA's path-length limit.
 */
public final class CaConstraints extends Check<CertEvidence> {
    public CaConstraints() {
        super("ca-constraints", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        if (e.role().isAuthority()) {
            for (X509Certificate cert : e.certs()) {
                if (!CertFacts.isCa(cert)) {
                    out.report(e.subject(), Describe.cert(e, cert) + " is not a CA certificate (basicConstraints CA:TRUE is missing), so nothing it signed verifies", vars(e, null));
                } else if (cert.getKeyUsage() != null && !cert.getKeyUsage()[5]) {
                    out.report(e.subject(), Describe.cert(e, cert) + " has a keyUsage without keyCertSign (" + String.join(", ", CertFacts.keyUsageNames(cert)) + "), so it may not sign certificates", vars(e, null));
                }
            }
        }
        for (Verification v : e.verifications()) {
            Outcome outcome = v.result().outcome();
            if (outcome == Outcome.NOT_A_CA || outcome == Outcome.PATH_TOO_LONG) {
                out.report(e.subject(), "its chain breaks a CA constraint " + v.use() + ": " + v.result().detail(), vars(e, v.pool().name()));
            }
        }
    }

    /** The CA's own file gets the command; a certificate below it is pointed at the CA, which its own finding fixes. */
    private static Map<String, String> vars(CertEvidence e, String trust) {
        Map<String, String> vars = FixCommands.vars(e);
        vars.put("caCommand", trust == null ? vars.get("renewCommand")
                : "fix the CA certificate named above, in " + trust + " or among the intermediates (tls-doctor check gives the command for a CA file)");
        return vars;
    }
}
