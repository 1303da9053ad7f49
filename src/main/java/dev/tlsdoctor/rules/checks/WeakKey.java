package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.security.PublicKey;
import java.security.cert.X509Certificate;

/** A key too small (RSA under 2048 bits, EC under 256) or of an algorithm TLS stacks refuse (DSA). */
public final class WeakKey extends Check<CertEvidence> {
    public WeakKey() {
        super("weak-key", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        int minRsa = out.intParam("min-rsa-bits");
        int minEc = out.intParam("min-ec-bits");
        for (X509Certificate cert : e.judgedCertificates()) {
            PublicKey key = cert.getPublicKey();
            int bits = CertFacts.keyBits(key);
            String algorithm = key.getAlgorithm();
            if (algorithm.equals("DSA")) {
                out.report(Severity.ERROR, e.subject(), Describe.cert(e, cert) + " has a DSA key, which TLS 1.3 and Go do not accept", FixCommands.vars(e));
            } else if (algorithm.equals("RSA") && bits < minRsa) {
                // Go refuses RSA keys under 1024 bits outright; between that and the minimum it is a weakness, not an outage.
                out.report(bits < 1024 ? Severity.ERROR : Severity.WARNING, e.subject(),
                        Describe.cert(e, cert) + " has an RSA key of " + bits + " bits (minimum " + minRsa + ")", FixCommands.vars(e));
            } else if (algorithm.equals("EC") && bits < minEc) {
                out.report(e.subject(), Describe.cert(e, cert) + " has an EC key on a " + bits + "-bit curve (minimum " + minEc + ")", FixCommands.vars(e));
            }
        }
    }
}
