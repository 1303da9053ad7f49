package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeMode;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/** Template variables every probe finding can use in its fix. */
final class ProbeVars {
    private ProbeVars() {}

    static Map<String, String> of(ProbeResult e) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("endpoint", e.endpoint().toString());
        vars.put("host", e.endpoint().host());
        vars.put("port", String.valueOf(e.endpoint().port()));
        vars.put("mode", e.mode().label());
        vars.put("reloadCommand", FixCommands.RELOAD);
        if (e.sqlLogin() != null) {
            vars.put("user", e.sqlLogin().user());
        }
        return vars;
    }

    /**
     * Reports at the rule's severity, or as info when, in auto mode, the other mode reached TLS on the
     * same port: then this mode is simply not what the port is for (e.g. a port that serves only SQL).
     */
    static void reportUnlessOtherModeWorked(ProbeResult e, RuleContext out, String message) {
        if (e.otherModeOnly()) {
            String other = e.mode() == ProbeMode.PGWIRE ? ProbeMode.TLS.label() : ProbeMode.PGWIRE.label();
            out.report(Severity.INFO, e.subject(), message + " (" + other + " works on this port, so it does not serve " + e.mode().label() + ")", of(e));
        } else {
            out.report(e.subject(), message, of(e));
        }
    }
}
