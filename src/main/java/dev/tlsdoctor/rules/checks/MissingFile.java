package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.CertsDirEvidence;
import dev.tlsdoctor.certs.KeyFacts;
import dev.tlsdoctor.certs.Principals;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/** A file CockroachDB needs is not in the certs directory: ca.crt, node.crt/node.key, a client certificate's key, --user's certificate. */
public final class MissingFile extends Check<CertsDirEvidence> {
    public MissingFile() {
        super("missing-file", CertsDirEvidence.class);
    }

    @Override
    public void check(CertsDirEvidence e, RuleContext out) {
        if (e.names().isEmpty()) {
            report(out, Severity.ERROR, e, e.file("ca.crt"), "the certs directory is empty (CockroachDB: no certificates found; does certs dir exist?)",
                    FixCommands.createCa(e.dir()));
            return;
        }
        boolean node = e.isNodeDirectory();
        if (!e.names().contains("ca.crt")) {
            report(out, node ? Severity.ERROR : Severity.WARNING, e, e.file("ca.crt"), node
                    ? "ca.crt is missing: a node will not start (problem with CA certificate: not found)"
                    : "ca.crt is missing: clients fall back to the system trust store, which does not trust a private CA",
                    e.keeper() != null ? e.keeper().put("ca.crt", "<path-to-ca.crt>")
                            : "copy ca.crt from another node's certs directory (or from where the CA was created) to " + e.dir().resolve("ca.crt"));
        }
        if (node && !e.names().contains("node.crt")) {
            report(out, Severity.ERROR, e, e.file("node.crt"), "node.crt is missing (problem with node certificate: not found), but node.key is here",
                    FixCommands.issueNode(e.dir(), java.util.Set.of()));
        }
        for (CertEvidence cert : e.certs()) {
            KeyFacts key = cert.key();
            if (key == null || cert.role() == CertRole.TENANT_SIGNING && key.exists()) {
                continue;
            }
            if (!key.exists()) {
                String consequence = switch (cert.role()) {
                    case NODE -> "the node will not start (could not stat key file)";
                    case CLIENT -> "clients ignore the certificate without its key and fall back to password authentication";
                    default -> "CockroachDB cannot use the certificate without it";
                };
                report(out, Severity.ERROR, e, key.file(), key.file().getFileName() + " is missing beside "
                        + cert.file().getFileName() + ": " + consequence, "put the private key that goes with " + cert.file() + " at " + key.file()
                        + " (chmod 600), or re-issue both:\n" + FixCommands.renew(cert, java.util.List.of()));
            } else if (!key.regularFile()) {
                report(out, Severity.ERROR, e, key.file(), key.file() + " is not a regular file (key file is not a regular file)",
                        "replace " + key.file() + " with the key file itself");
            }
        }
        if (e.user() != null) {
            String user = Principals.normalize(e.user());
            boolean nodeFallback = user.equals("node") && e.find(CertRole.NODE) != null;
            if (e.findClient(user) == null && !nodeFallback) {
                report(out, Severity.ERROR, e, e.file("client." + user + ".crt"), "client." + user + ".crt is missing, so user " + user
                        + " cannot log in with a certificate (cockroach sql falls back to a password)",
                        FixCommands.issueClient(e.dir(), user, false));
            }
        }
    }

    private static void report(RuleContext out, Severity severity, CertsDirEvidence e, java.nio.file.Path file, String message, String create) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("file", file.toString());
        vars.put("certsDir", e.dir().toString());
        vars.put("createCommand", create);
        out.report(severity, file.toString(), message, vars);
    }
}
