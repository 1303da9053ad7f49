package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertsDirEvidence;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.nio.file.Path;
import java.util.Map;

/** A CA private key sits in a node's or client's certs directory: whoever reads it can mint any certificate, including root's. */
public final class CaKeyExposed extends Check<CertsDirEvidence> {
    private static final String SAFE_DIR = "~/my-safe-directory";

    public CaKeyExposed() {
        super("ca-key-exposed", CertsDirEvidence.class);
    }

    @Override
    public void check(CertsDirEvidence e, RuleContext out) {
        for (Path caKey : e.caKeys()) {
            String move = e.keeper() != null ? e.keeper().moveOut(caKey, SAFE_DIR)
                    : "mkdir -p " + SAFE_DIR + " && mv " + FixCommands.sh(caKey.toString()) + " " + SAFE_DIR + "/ && chmod 600 " + SAFE_DIR + "/*";
            out.report(caKey.toString(), "a CA private key is stored in the certs directory " + e.dir()
                    + "; anyone who can read it can issue a certificate for any user, root included",
                    Map.of("file", FixCommands.sh(caKey.toString()), "certsDir", FixCommands.sh(e.dir().toString()), "moveCommand", move));
        }
    }
}
