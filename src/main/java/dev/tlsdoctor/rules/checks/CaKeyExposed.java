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
            // the documentation's safe directory, where the issuing commands of the other fixes read CA keys from
            String safe = FixCommands.SAFE_DIR;
            String move = e.keeper() != null ? e.keeper().moveOut(caKey, safe)
                    : "mkdir -p " + safe + " && mv " + FixCommands.sh(caKey.toString()) + " " + safe + "/ && chmod 600 " + safe + "/" + FixCommands.sh(caKey.getFileName().toString());
            out.report(caKey.toString(), "a CA private key is stored in the certs directory " + e.dir()
                    + "; anyone who can read it can issue a certificate for any user, root included",
                    Map.of("file", FixCommands.sh(caKey.toString()), "certsDir", FixCommands.sh(e.dir().toString()), "moveCommand", move));
        }
    }
}
