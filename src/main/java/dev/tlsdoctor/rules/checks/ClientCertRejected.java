package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.time.Instant;
import java.util.Map;

/** The server refused our client certificate (or its absence) with a TLS alert. */
public final class ClientCertRejected extends Check<ProbeResult> {
    public ClientCertRejected() {
        super("client-cert-rejected", ProbeResult.class);
    }

    @Override
    public void check(ProbeResult e, RuleContext out) {
        if (e.outcome() != ProbeOutcome.CLIENT_CERT_REJECTED) {
            return;
        }
        ProbeResult.ClientAuth auth = e.clientAuth();
        StringBuilder message = new StringBuilder(e.detail());
        String meaning = auth == null || auth.alert() == null ? null : meaning(auth.alert());
        if (meaning != null) {
            message.append(" (").append(meaning).append(')');
        }
        if (auth != null && auth.presented() != null) {
            message.append("; we presented '").append(auth.presented()).append("' issued by '").append(auth.presentedIssuer()).append('\'');
        }
        if (auth != null && !auth.acceptedIssuers().isEmpty()) {
            message.append("; the server accepts client certificates issued by ").append(String.join(", ", auth.acceptedIssuers().stream().map(i -> "'" + i + "'").toList()));
            if (auth.presentedIssuer() != null && !auth.acceptedIssuers().contains(auth.presentedIssuer())) {
                message.append(", so it does not trust the CA that signed ours");
            }
        }
        Instant at = out.settings().at();
        if (auth != null && auth.presentedNotAfter() != null && auth.presentedNotAfter().isBefore(at)) {
            message.append("; our certificate expired on ").append(Describe.date(auth.presentedNotAfter()));
        } else if (auth != null && auth.presentedNotBefore() != null && auth.presentedNotBefore().isAfter(at)) {
            message.append("; our certificate is not valid before ").append(Describe.date(auth.presentedNotBefore()));
        }
        Map<String, String> vars = ProbeVars.of(e);
        vars.putIfAbsent("user", "<user>");
        out.report(e.subject(), message.toString(), vars);
    }

    private static String meaning(String alert) {
        return switch (alert) {
            case "unknown_ca" -> "it does not trust the CA that signed our certificate; with a split CA, client certificates must be signed by ca-client.crt";
            case "certificate_expired" -> "by the server's clock our certificate has expired or is not yet valid";
            case "bad_certificate", "certificate_unknown", "unsupported_certificate" ->
                    "it could not verify our certificate: signed by a CA it does not trust, or lacking the clientAuth extended key usage";
            case "certificate_required", "handshake_failure" -> "it requires a client certificate and got none it could use";
            case "certificate_revoked" -> "it considers our certificate revoked (OCSP)";
            case "decrypt_error" -> "our signature did not verify: the key does not match the certificate";
            case "access_denied" -> "it verified our certificate but refuses access";
            default -> null;
        };
    }
}
