package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.LoginCause;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** The server wanted a client certificate for the login and none reached it. */
public final class ClientCertNotSent extends Check<ProbeResult> {
    public ClientCertNotSent() {
        super("client-cert-not-sent", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (ProbeVars.refusal(e) != LoginCause.CERT_NOT_SENT) {
            return;
        }
        String why = e.clientAuth() == null ? ""
                : !e.clientAuth().requested() ? "; the server did not ask for a client certificate in the handshake"
                : "; the server asked for one, but none we had fits the key types it asked for";
        out.report(e.subject(), ProbeVars.serverWords(e) + why, ProbeVars.of(e));
    }
}
