package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** A server certificate with no DNS or IP SAN: Go matches names only against SANs; libpq and pgjdbc still fall back to the CN. */
public final class SanMissing extends Check<CertEvidence> {
    public SanMissing() {
        super("san-missing", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        if (!e.requiredUsages().contains(CertFacts.EKU_SERVER_AUTH)) {
            return;
        }
        if (CertNames.dnsNames(e.leaf()).isEmpty() && CertNames.ipAddresses(e.leaf()).isEmpty()) {
            String cn = CertNames.subjectAttribute(e.leaf(), "CN");
            out.report(e.subject(), "has no DNS or IP subject alternative name" + (cn == null
                    ? ", so no client can verify it with sslmode=verify-full"
                    : " (only CN=" + cn + "): Go clients (CockroachDB's own nodes, cockroach sql, pgx, lib/pq) refuse it (x509: certificate relies on"
                            + " legacy Common Name field), while libpq (psql) and the JDBC driver still accept a CN equal to the host name they dial"),
                    FixCommands.vars(e));
        }
    }
}
