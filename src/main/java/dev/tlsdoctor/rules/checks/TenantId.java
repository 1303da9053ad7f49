package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.Map;

/**
 * Tenant certificate files must be named with a numeric tenant id: one that is not makes CockroachDB
 * refuse the whole directory ("invalid tenant id"). A tenant client certificate carries CN=id and OU=Tenants.
 */
public final class TenantId extends Check<CertEvidence> {
    public TenantId() {
        super("tenant-id", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        if (e.role() != CertRole.TENANT_CLIENT && e.role() != CertRole.TENANT_SIGNING) {
            return;
        }
        if (!e.argument().matches("[0-9]+")) {
            out.report(e.subject(), "names tenant id \"" + e.argument() + "\", which is not a number: CockroachDB refuses to load the whole certs directory (invalid tenant id "
                    + e.argument() + ")", vars(e, "Move it out of the certs directory, then issue the tenant's certificate under its numeric id"
                            + " (cockroach cert create-tenant-client takes the id as its argument):\n" + FixCommands.moveAside(FixCommands.certsDir(e), e.file())));
            return;
        }
        if (e.role() == CertRole.TENANT_CLIENT) {
            String cn = CertNames.subjectAttribute(e.leaf(), "CN");
            if (!e.argument().equals(cn) || !CertNames.subjectAttributes(e.leaf(), "OU").contains("Tenants")) {
                out.report(Severity.WARNING, e.subject(), "is for tenant " + e.argument() + " but its subject is "
                        + CertNames.shortName(e.leaf().getSubjectX500Principal()) + " (expected CN=" + e.argument() + ", OU=Tenants)", vars(e, null));
            }
        }
    }

    private static Map<String, String> vars(CertEvidence e, String fix) {
        Map<String, String> vars = FixCommands.vars(e);
        vars.put("tenantFix", fix != null ? fix : "Re-issue it with CN=" + e.argument() + " and OU=Tenants:\n" + vars.get("renewCommand"));
        return vars;
    }
}
