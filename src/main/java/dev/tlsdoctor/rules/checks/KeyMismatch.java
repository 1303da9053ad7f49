package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.KeyFacts;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.Map;

/** The key beside the certificate is not its private key (often: a certificate re-issued without its new key). */
public final class KeyMismatch extends Check<CertEvidence> {
    public KeyMismatch() {
        super("key-mismatch", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        if (e.key() == null) {
            return;
        }
        for (KeyFacts file : e.key().withCopies()) {
            ParsedKey key = file.parsed();
            if (key == null || key.key() == null || key.matches(e.leaf().getPublicKey())) {
                continue;
            }
            boolean copy = file != e.key();
            Map<String, String> vars = FixCommands.vars(e);
            vars.put("keyFile", file.file().toString());
            out.report(e.subject(), "its key " + file.file() + " (" + key.algorithm() + ") does not belong to the certificate's public key ("
                    + CertFacts.keyDescription(e.leaf().getPublicKey()) + "); "
                    + (copy ? "Java clients using this PKCS#8 copy fail the TLS handshake" : "CockroachDB fails with: tls: private key does not match public key"),
                    vars);
        }
    }
}
