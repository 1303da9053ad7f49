package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Set;

/** The certificate is valid longer than the CA that signed it: it stops verifying when the CA expires, earlier than its own date says. */
public final class CaOutlived extends Check<CertEvidence> {
    public CaOutlived() {
        super("ca-outlived", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        Set<X509Certificate> issuers = new LinkedHashSet<>();
        for (Verification v : e.verifications()) {
            issuers.addAll(v.result().chain().subList(1, v.result().chain().size()));
        }
        for (X509Certificate ca : issuers) {
            if (CertFacts.notAfter(e.leaf()).isAfter(CertFacts.notAfter(ca)) && out.settings().at().isBefore(CertFacts.notAfter(ca))) {
                out.report(e.subject(), "is valid until " + Describe.date(CertFacts.notAfter(e.leaf())) + ", but its CA " + Describe.name(ca)
                        + " expires on " + Describe.date(CertFacts.notAfter(ca)) + "; from then on it no longer verifies", FixCommands.vars(e));
            }
        }
    }
}
