package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate's extended key usage (or an intermediate's or CA's, which Go applies to everything
 * below them) does not allow what its role needs: serverAuth to be a server, clientAuth to be a client.
 */
public final class KeyUsage extends Check<CertEvidence> {
    public KeyUsage() {
        super("key-usage", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        for (String usage : e.requiredUsages()) {
            if (!CertFacts.allowsUsage(e.leaf(), usage)) {
                List<String> has = CertFacts.extendedKeyUsages(e.leaf()).stream().map(CertFacts::ekuName).toList();
                out.report(e.subject(), "needs extended key usage " + CertFacts.ekuName(usage) + " " + useOf(e, usage) + ", but has only "
                        + String.join(", ", has) + " (error seen: x509: certificate specifies an incompatible key usage)", FixCommands.vars(e));
                continue;
            }
            java.util.Set<X509Certificate> issuers = new java.util.LinkedHashSet<>();
            for (Verification v : e.verifications()) {
                issuers.addAll(v.result().chain().subList(1, v.result().chain().size()));
            }
            for (X509Certificate ca : issuers) {
                if (!CertFacts.allowsUsage(ca, usage)) {
                    out.report(e.subject(), "its issuer " + Describe.name(ca) + " restricts extended key usage to "
                            + String.join(", ", CertFacts.extendedKeyUsages(ca).stream().map(CertFacts::ekuName).toList())
                            + ", which excludes " + CertFacts.ekuName(usage) + " for everything it signs", FixCommands.vars(e));
                }
            }
        }
    }

    private static String useOf(CertEvidence e, String usage) {
        if (usage.equals(CertFacts.EKU_CLIENT_AUTH) && e.role() == dev.tlsdoctor.certs.CertRole.NODE) {
            return "(node.crt is also the node's client certificate when there is no client.node.crt)";
        }
        return usage.equals(CertFacts.EKU_SERVER_AUTH) ? "to be a TLS server" : "to be a TLS client";
    }
}
