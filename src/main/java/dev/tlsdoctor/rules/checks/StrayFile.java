package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertFileName;
import dev.tlsdoctor.certs.CertsDirEvidence;
import dev.tlsdoctor.certs.CertsDirEvidence.SkippedFile;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.Map;

/**
 * A file in the certs dir that CockroachDB does not load: a misnamed certificate (it only logs a
 * warning and skips it, so the operator believes it is in use), a key without its certificate, leftovers.
 */
public final class StrayFile extends Check<CertsDirEvidence> {
    public StrayFile() {
        super("stray-file", CertsDirEvidence.class);
    }

    @Override
    public void check(CertsDirEvidence e, RuleContext out) {
        for (SkippedFile skipped : e.skipped()) {
            String name = skipped.file().getFileName().toString();
            // A misnamed .crt is a certificate someone meant to use; other leftovers only clutter.
            Severity severity = name.endsWith(".crt") ? Severity.WARNING : Severity.INFO;
            out.report(severity, skipped.file().toString(), skipped.reason(),
                    Map.of("file", FixCommands.sh(skipped.file().toString()), "certsDir", FixCommands.sh(e.dir().toString()), "fileFix", fix(e, name)));
        }
    }

    /** A key whose certificate is gone needs the certificate back; anything else a new name or another place. */
    private static String fix(CertsDirEvidence e, String name) {
        String certName = name.endsWith(".key") ? name.substring(0, name.length() - ".key".length()) + ".crt" : null;
        CertFileName role = certName != null && !e.names().contains(certName) ? CertFileName.parse(certName) : null;
        if (role != null && role.role() != null) {
            String reissue = switch (role.role()) {
                case CLIENT -> FixCommands.issueClient(e.dir(), role.argument(), e.names().contains(name + ".pk8"));
                case TENANT_CLIENT -> FixCommands.issueTenantClient(e.dir(), role.argument());
                case UI -> FixCommands.issueUi(e.dir(), "/O=Cockroach/CN=node", java.util.Set.of("$(hostname -f)"));
                default -> null;
            };
            if (reissue != null) {
                return "Put " + certName + ", the certificate that goes with " + name + ", back into " + e.dir()
                        + " (from a backup or from where it was issued), or issue a new certificate and key:\n" + reissue;
            }
        }
        return "Rename it to the name its role needs (node.crt, ui.crt, client.root.crt for user root, ...), or move it out of the certs directory:\n"
                + FixCommands.moveAside(e.dir(), e.dir().resolve(name));
    }
}
