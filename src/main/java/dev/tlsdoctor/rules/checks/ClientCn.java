package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.Principals;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;

/** {@code client.<user>.crt} must let its holder log in as {@code <user>}: CN or DNS SAN (or crdb:// URI SAN), after the principal map. */
public final class ClientCn extends Check<CertEvidence> {
    public ClientCn() {
        super("client-cn", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        if (e.role() != CertRole.CLIENT || "node".equals(e.argument())) {
            return; // client.node.crt is node-cn's business
        }
        String user = e.argument();
        if (CertNames.subjectAttributes(e.leaf(), "OU").contains("Tenants")) {
            out.report(e.subject(), "is a tenant client certificate (OU=Tenants); CockroachDB refuses it for SQL logins (\"using tenant client certificate as user certificate is not allowed\")", FixCommands.vars(e));
            return;
        }
        if (!user.equals(Principals.normalize(user))) {
            out.report(Severity.WARNING, e.subject(), "names user \"" + user + "\" with capitals; clients normalise --user to \"" + Principals.normalize(user)
                    + "\" and look for client." + Principals.normalize(user) + ".crt, so this file is never used", FixCommands.vars(e));
        }
        if (!Principals.grants(e.leaf(), out.settings().principalMap(), user)) {
            out.report(e.subject(), "cannot log in as \"" + Principals.normalize(user) + "\": its principals are "
                    + Principals.describe(Principals.of(e.leaf(), out.settings().principalMap()))
                    + (out.settings().principalMap().isEmpty() ? "" : " after --cert-principal-map")
                    + "; the server will answer: certificate authentication failed for user \"" + Principals.normalize(user) + "\"", FixCommands.vars(e));
        }
    }
}
