package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.Hostnames;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.List;
import java.util.Map;

/** A name or address clients use to reach the node is not among the certificate's SANs. */
public final class SanMissingHost extends Check<CertEvidence> {
    public SanMissingHost() {
        super("san-missing-host", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        if (CertNames.dnsNames(e.leaf()).isEmpty() && CertNames.ipAddresses(e.leaf()).isEmpty()) {
            return; // san-missing covers a certificate with no SAN at all
        }
        for (String host : e.hosts()) {
            if (!Hostnames.matches(e.leaf(), host)) {
                Map<String, String> vars = FixCommands.vars(e);
                vars.put("host", host);
                vars.put("renewCommand", FixCommands.renew(e, List.of(host)));
                String kind = Hostnames.isIpLiteral(host) ? "IP address" : "host name";
                out.report(e.subject(), "is not valid for the " + kind + " " + host + "; its SANs are " + Describe.sans(e.leaf())
                        + (Hostnames.isIpLiteral(host) ? " (an IP must be an IP SAN, not a DNS SAN or the CN)" : ""), vars);
            }
        }
    }
}
