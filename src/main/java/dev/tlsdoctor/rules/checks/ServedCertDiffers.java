package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.probe.ServedVsDisk;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/** The node serves a certificate other than the one in its certs directory: rotated on disk, not reloaded. */
public final class ServedCertDiffers extends Check<ServedVsDisk> {
    public ServedCertDiffers() {
        super("served-cert-differs", ServedVsDisk.class);
    }

    @Override
    public void check(ServedVsDisk e, RuleContext out) {
        if (e.served().equals(e.onDisk())) {
            return;
        }
        boolean diskIsNewer = CertFacts.notBefore(e.onDisk()).isAfter(CertFacts.notBefore(e.served()));
        String message = "serves " + describe(e.served()) + ", but " + e.diskFile() + " holds " + describe(e.onDisk())
                + (diskIsNewer
                        ? "; the file was replaced but the node has not reloaded it (new handshakes use new files only after SIGHUP or a restart)"
                        : "; the file on disk is older than what is served: is this the node's certs directory, or was the rotation undone?");
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("endpoint", e.subject());
        vars.put("file", e.diskFile().toString());
        vars.put("reloadCommand", FixCommands.RELOAD);
        out.report(e.subject(), message, vars);
    }

    private static String describe(X509Certificate cert) {
        return Describe.name(cert) + " serial " + CertFacts.serialHex(cert) + " (valid " + Describe.date(CertFacts.notBefore(cert)) + " to "
                + Describe.date(CertFacts.notAfter(cert)) + ", SHA-256 " + CertFacts.sha256Fingerprint(cert).substring(0, 23) + "…)";
    }
}
