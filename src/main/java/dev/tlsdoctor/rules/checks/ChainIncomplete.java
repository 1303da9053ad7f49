package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.PathResult.Outcome;
import dev.tlsdoctor.probe.ServedChain;
import dev.tlsdoctor.probe.TrustSources;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server does not send an intermediate certificate its chain needs. Clients (Go, libpq, the JDK)
 * do not fetch missing intermediates, so each must then hold a copy, or fail.
 */
public final class ChainIncomplete extends Check<ServedChain> {
    public ChainIncomplete() {
        super("chain-incomplete", ServedChain.class);
    }

    @Override
    public void check(ServedChain e, RuleContext out) {
        X509Certificate anchor = e.asServed().anchor();
        if (e.asServed().outcome() == Outcome.VALID && anchor != null && !CertFacts.isSelfIssued(anchor) && !e.served().contains(anchor)) {
            out.report(Severity.WARNING, e.subject(), "does not send the intermediate " + Describe.name(anchor) + "; it verifies only because "
                    + e.poolName() + " holds that intermediate itself, so clients that trust only the root CA fail", vars(e, List.of(anchor)));
            return;
        }
        if (e.asServed().outcome() != Outcome.NO_TRUSTED_ISSUER) {
            return;
        }
        List<X509Certificate> missing = e.neededLocal().stream().map(TrustSources.LocalCert::cert).toList();
        if (!missing.isEmpty() && e.withLocal().outcome() != Outcome.NO_TRUSTED_ISSUER) {
            String found = String.join(", ", e.neededLocal().stream().map(l -> Describe.name(l.cert()) + " (found in " + l.source() + ")").toList());
            out.report(e.subject(), "does not send the intermediate certificate(s) " + found + " that its chain to " + e.poolName()
                    + " needs; clients that do not hold a copy fail with \"certificate signed by unknown authority\"", vars(e, missing));
            return;
        }
        X509Certificate top = e.served().get(e.served().size() - 1);
        if (!CertFacts.isSelfIssued(top) && (e.served().size() > 1 || e.topHasIssuerUrl())) {
            out.report(e.subject(), "sends a chain that ends at " + Describe.name(top) + ", whose issuer '"
                    + CertNames.shortName(top.getIssuerX500Principal()) + "' it does not send and which is not in " + e.poolName()
                    + " or any intermediate given (--untrusted, the certs directory)", vars(e, List.of()));
        }
    }

    private static Map<String, String> vars(ServedChain e, List<X509Certificate> missing) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("endpoint", e.subject());
        vars.put("trust", e.poolName());
        vars.put("missing", missing.isEmpty() ? "the missing intermediate" : String.join(", ", missing.stream().map(Describe::name).toList()));
        return vars;
    }
}
