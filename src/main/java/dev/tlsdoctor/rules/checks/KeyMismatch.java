package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The key beside the certificate is not its private key (often: a certificate re-issued without its new key). */
public final class KeyMismatch extends Check<CertEvidence> {
    public KeyMismatch() {
        super("key-mismatch", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        ParsedKey key = e.key() == null ? null : e.key().parsed();
        if (key == null || key.key() == null) {
            return;
        }
        if (!key.matches(e.leaf().getPublicKey())) {
            out.report(e.subject(), "its key " + e.key().file() + " (" + key.algorithm() + ") does not belong to the certificate's public key ("
                    + CertFacts.keyDescription(e.leaf().getPublicKey()) + "); CockroachDB fails with: tls: private key does not match public key", FixCommands.vars(e));
        }
    }
}
