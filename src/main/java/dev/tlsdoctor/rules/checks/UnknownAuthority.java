package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.PathResult.Outcome;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The certificate does not chain to the CA that verifies it (or PKIX rejects the chain for a reason no other rule names). */
public final class UnknownAuthority extends Check<CertEvidence> {
    private static final Set<Outcome> OURS = EnumSet.of(Outcome.NO_TRUSTED_ISSUER, Outcome.BAD_SIGNATURE, Outcome.OTHER);

    public UnknownAuthority() {
        super("unknown-authority", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        for (Verification v : e.verifications()) {
            if (!OURS.contains(v.result().outcome())) {
                continue;
            }
            if (v.againstMainCa() != null && v.againstMainCa().outcome() == Outcome.VALID) {
                continue; // signed by ca.crt where ca-client.crt/ca-ui.crt rules: split-ca-mismatch says so
            }
            Map<String, String> vars = FixCommands.vars(e);
            vars.put("trust", v.pool().name());
            out.report(e.subject(), "does not verify " + v.use() + " against " + v.pool().name() + ": " + v.result().detail(), vars);
        }
    }
}
