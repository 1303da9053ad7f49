package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.LoginCause;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;

/** We sent our certificate, and the server still asked for a password: its HBA rule for the user is a password method. */
public final class HbaPasswordRequired extends Check<ProbeResult> {
    public HbaPasswordRequired() {
        super("hba-password-required", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (ProbeVars.refusal(e) == LoginCause.PASSWORD_REQUIRED) {
            out.report(e.subject(), ProbeVars.serverWords(e) + ProbeVars.presented(e), ProbeVars.of(e));
        }
    }
}
