package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.LoginCause;
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
     * The refusal in the server's words: {@code detail: message (SQLSTATE x); DETAIL: ...; HINT: ...}, or
     * what the server asked for instead of accepting the certificate.
     */
    static String serverWords(ProbeResult e) {
        return serverWords(e.detail(), e.sqlLogin());
    }

    /** As {@link #serverWords(ProbeResult)}, after {@code prefix} (none when empty). */
    static String serverWords(String prefix, ProbeResult.SqlLogin login) {
        StringBuilder message = new StringBuilder(prefix);
        if (login == null || login.accepted()) {
            return message.toString();
        }
        message.append(prefix.isEmpty() ? "" : ": ");
        if (login.message() == null) {
            return message.append("the server asked for ").append(login.answer()).append(" instead of accepting a client certificate").toString();
        }
        message.append(login.message());
        if (login.sqlState() != null) {
            message.append(" (SQLSTATE ").append(login.sqlState()).append(')');
        }
        if (login.detail() != null) {
            message.append("; DETAIL: ").append(login.detail());
        }
        if (login.hint() != null) {
            message.append("; HINT: ").append(login.hint());
        }
        return message.toString();
    }

    /** The login's cause when the probe stopped at a refused login, else null. */
    static LoginCause refusal(ProbeResult e) {
        return e.sqlLogin() == null || e.sqlLogin().accepted() ? null : e.sqlLogin().cause();
    }

    /** What we presented, for messages: "; we presented 'CN=root,O=Cockroach'", or "" when we do not know. */
    static String presented(ProbeResult e) {
        return e.clientAuth() != null && e.clientAuth().presented() != null ? "; we presented '" + e.clientAuth().presented() + "'" : "";
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
