package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.PathResult.Outcome;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.Map;

/**
 * Split CA: when ca-client.crt exists, nodes verify client certificates only against it (ca.crt no
 * longer counts), and DB Console clients verify ui.crt against ca-ui.crt. A certificate signed by
 * ca.crt's CA instead is rejected.
 */
public final class SplitCaMismatch extends Check<CertEvidence> {
    public SplitCaMismatch() {
        super("split-ca-mismatch", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        for (Verification v : e.verifications()) {
            if (v.againstMainCa() == null || v.againstMainCa().outcome() != Outcome.VALID || v.result().outcome() == Outcome.VALID) {
                continue;
            }
            Map<String, String> vars = FixCommands.vars(e);
            vars.put("trust", v.pool().name());
            String message = "is signed by ca.crt's CA, but " + v.pool().name() + " exists, so it is verified " + v.use() + " only against "
                    + v.pool().name() + " and is rejected";
            // node.crt itself is right for its server use; what is missing is the file that takes over the other use
            if (e.role() == CertRole.NODE && v.pool().name().equals(CertRole.CLIENT_CA.prefix() + ".crt")) {
                message += "; with a split client CA the node needs its own client.node.crt signed by ca-client.crt";
                vars.put("renewCommand", FixCommands.issueClient(FixCommands.certsDir(e), "node", false));
            } else if (e.role() == CertRole.NODE) {
                message += "; with a UI CA the DB Console needs its own ui.crt signed by ca-ui.crt";
                vars.put("renewCommand", FixCommands.issueUi(FixCommands.certsDir(e), "/O=Cockroach/CN=node", FixCommands.hosts(e, java.util.List.of())));
            }
            out.report(e.subject(), message, vars);
        }
    }
}
