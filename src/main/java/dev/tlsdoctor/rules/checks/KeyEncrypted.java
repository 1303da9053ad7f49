package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The key is passphrase-protected; CockroachDB has no passphrase option and fails to load it. */
public final class KeyEncrypted extends Check<CertEvidence> {
    public KeyEncrypted() {
        super("key-encrypted", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        if (e.key() != null && e.key().parsed() != null && e.key().parsed().format().isEncrypted()) {
            out.report(e.subject(), "its key " + e.key().file() + " is encrypted (" + e.key().parsed().format().description()
                    + "); CockroachDB cannot use an encrypted key (tls: failed to parse private key)", FixCommands.vars(e));
        }
    }
}
