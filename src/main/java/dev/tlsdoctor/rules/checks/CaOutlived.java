package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Map;
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
                        + " expires on " + Describe.date(CertFacts.notAfter(ca)) + "; from then on it no longer verifies", vars(e, ca));
            }
        }
    }

    /** The CA file of a certs dir that holds {@code ca} gets a renewal command; a CA elsewhere only a description. */
    private static Map<String, String> vars(CertEvidence e, X509Certificate ca) {
        Map<String, String> vars = FixCommands.vars(e);
        String caFile = e.certsDir() == null ? null : FixCommands.signingCa(e.certsDir(), e.role());
        boolean inCertsDir = caFile != null && e.verifications().stream().anyMatch(v -> v.pool().name().equals(caFile) && v.pool().anchors().contains(ca));
        vars.put("caCommand", inCertsDir
                ? FixCommands.renewCa(e.certsDir(), caFile, dev.tlsdoctor.certs.CertFileName.parse(caFile).role(), ca.getSubjectX500Principal())
                : "have " + Describe.name(ca) + " renewed with the same key and name (what it signed stays valid), or re-issue "
                        + e.subject() + " from a CA that outlives it:\n" + vars.get("renewCommand"));
        return vars;
    }
}
