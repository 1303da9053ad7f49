package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.client.ClientUrl;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.Set;

/** A connection URL whose sslmode/sslrootcert cannot work with a secure cluster, or does not check the server. */
public final class Sslmode extends Check<ClientUrl> {
    private static final Set<String> MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public Sslmode() {
        super("sslmode", ClientUrl.class);
    }

    @Override
    public void check(ClientUrl e, RuleContext out) {
        String mode = e.sslmode();
        if (mode != null && !MODES.contains(mode)) {
            report(out, Severity.ERROR, e, "sslmode=" + mode + " is not a valid sslmode (valid: disable, allow, prefer, require, verify-ca, verify-full); "
                    + "the driver refuses the URL", "change sslmode=" + mode + " to sslmode=verify-full");
        } else if ("disable".equals(mode)) {
            report(out, Severity.ERROR, e, "sslmode=disable sends no TLS, and a secure node refuses it (node is running secure mode, SSL connection required)",
                    "change sslmode=disable to sslmode=verify-full");
        } else if (!e.verifiesServer()) {
            report(out, Severity.WARNING, e, (mode == null ? "no sslmode is set, so the driver's default, prefer, applies" : "sslmode=" + mode + " is set")
                    + ": the connection is encrypted but the server's certificate is not checked against the cluster's CA",
                    mode == null ? "add sslmode=verify-full" : "change sslmode=" + mode + " to sslmode=verify-full");
        } else if (!e.rootCert().exists() && !"system".equals(e.rootCert().path().toString())) {
            report(out, Severity.ERROR, e, "sslmode=" + mode + " needs the CA certificate, but " + e.rootCert().describe() + " does not exist"
                    + " (libpq: root certificate file \"" + e.rootCert().path() + "\" does not exist)",
                    "put the cluster's CA certificate (ca.crt) at " + e.rootCert().path() + (e.rootCert().explicit() ? "" : ", or add sslrootcert=<path to ca.crt>"));
        }
    }

    private static void report(RuleContext out, Severity severity, ClientUrl e, String message, String change) {
        out.report(severity, e.display(), message, ClientVars.of(e, change));
    }
}
