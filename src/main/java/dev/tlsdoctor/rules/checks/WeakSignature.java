package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.security.cert.X509Certificate;
import java.util.Locale;

/** A certificate signed with MD5 or SHA-1, which Go (1.18+) and OpenSSL 3 reject. A self-signed root's own signature is never checked, so it is exempt. */
public final class WeakSignature extends Check<CertEvidence> {
    public WeakSignature() {
        super("weak-signature", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        for (X509Certificate cert : e.judgedCertificates()) {
            if (CertFacts.isSelfIssued(cert) && CertFacts.isCa(cert)) {
                continue;
            }
            String algorithm = cert.getSigAlgName().toUpperCase(Locale.ROOT);
            if (algorithm.contains("MD5") || algorithm.contains("MD2") || algorithm.startsWith("SHA1")) {
                out.report(e.subject(), Describe.cert(e, cert) + " is signed with " + cert.getSigAlgName()
                        + ", which Go and OpenSSL 3 reject (x509: insecure algorithm)", FixCommands.vars(e));
            }
        }
    }
}
