package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertsDirEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.nio.file.Path;
import java.util.Map;

/** A CA private key sits in a node's or client's certs directory: whoever reads it can mint any certificate, including root's. */
public final class CaKeyExposed extends Check<CertsDirEvidence> {
    public CaKeyExposed() {
        super("ca-key-exposed", CertsDirEvidence.class);
    }

    @Override
    public void check(CertsDirEvidence e, RuleContext out) {
        for (Path caKey : e.caKeys()) {
            out.report(caKey.toString(), "a CA private key is stored in the certs directory " + e.dir()
                    + "; anyone who can read it can issue a certificate for any user, root included",
                    Map.of("file", FixCommands.sh(caKey.toString()), "certsDir", FixCommands.sh(e.dir().toString())));
        }
    }
}
