package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.PathResult.Outcome;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * A CA file whose chains end at an intermediate: Go and Java accept that anchor, OpenSSL without
 * partial-chain verification (libpq) does not. Judged on the CA file itself in a certs directory, and on
 * a served chain that verified only against such an anchor (probe --ca).
 */
public final class CaIntermediateAnchor extends Check<CertEvidence> {
    public CaIntermediateAnchor() {
        super("ca-intermediate-anchor", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        if (e.role().isAuthority() && e.file() != null) {
            for (X509Certificate ca : intermediatesWithoutIssuer(e.certs())) {
                report(e, out, ca, e.subject(), e.subject() + " holds the intermediate CA ");
            }
        } else if (e.file() == null) {
            for (Verification v : e.verifications()) {
                X509Certificate anchor = v.result().anchor();
                // PKIX stops at the first anchor, the intermediate, even when the file also holds its root: then OpenSSL finds the root too
                if (v.result().outcome() == Outcome.VALID && anchor != null && intermediatesWithoutIssuer(v.pool().anchors()).contains(anchor)) {
                    report(e, out, anchor, v.pool().name(), "the chain verifies only because " + v.pool().name() + " holds the intermediate CA ");
                }
            }
        }
    }

    private static void report(CertEvidence e, RuleContext out, X509Certificate intermediate, String trust, String what) {
        String issuer = CertNames.shortName(intermediate.getIssuerX500Principal());
        String message = what + Describe.name(intermediate) + " but not the root that issued it ('"
                + issuer + "'): Go (CockroachDB, cockroach sql) and Java (JDBC) accept it as a trust anchor; libpq (psql, psycopg, Ruby pg, "
                + "PHP pgsql), Node.js without allowPartialTrustChain and Python's ssl before 3.13 refuse the chain (certificate verify failed)";
        out.report(e.subject(), message, Map.of("trust", trust, "issuer", "'" + issuer + "'", "reloadCommand", FixCommands.RELOAD));
    }

    /** The certificates of a CA file that are intermediates whose issuer the file does not hold. */
    private static List<X509Certificate> intermediatesWithoutIssuer(List<X509Certificate> certs) {
        return certs.stream().filter(ca -> !CertFacts.isSelfIssued(ca)
                && certs.stream().noneMatch(c -> c.getSubjectX500Principal().equals(ca.getIssuerX500Principal()))).toList();
    }
}
