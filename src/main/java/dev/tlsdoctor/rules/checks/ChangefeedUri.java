package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.probe.SinkUri;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.Map;

/**
 * A changefeed sink URI whose TLS parameters CockroachDB cannot use as written: a raw line break, a
 * value that is not (URL-safe) base64, base64 of the wrong thing, or parameters that need each other.
 */
public final class ChangefeedUri extends Check<SinkUri> {
    public ChangefeedUri() {
        super("changefeed-uri", SinkUri.class);
    }

    @Override
    public void check(SinkUri e, RuleContext out) {
        Map<String, String> vars = Map.of("sink", e.subject());
        if (e.rawControlIn() != null) {
            out.report(e.subject(), e.rawControlIn() + " contains a raw line break (line-wrapped base64 pasted as is), so CockroachDB rejects the whole URI: net/url: invalid control character in URL", vars);
            return;
        }
        for (SinkUri.Param p : e.params()) {
            if (p.badEscape()) {
                out.report(e.subject(), "param " + p.name() + " has a malformed %-escape; Go's query parser drops it, so CockroachDB sees no " + p.name(), vars);
            } else if (p.base64Error() != null) {
                out.report(e.subject(), "param " + p.name() + " must be base 64 encoded: " + p.base64Error() + cause(p), vars);
            } else {
                if (p.encodedLineBreaks()) {
                    out.report(Severity.INFO, e.subject(), "param " + p.name() + " is line-wrapped base64 (%0A): CockroachDB accepts it (Go's base64 decoder skips line breaks), but other tools may not; prefer base64 -w 0", vars);
                }
                SinkUri.Decoded wanted = p.name().equals("client_key") ? SinkUri.Decoded.PEM_PRIVATE_KEY : SinkUri.Decoded.PEM_CERTIFICATE;
                if (p.decoded() != wanted) {
                    out.report(e.subject(), "param " + p.name() + " decodes to " + words(p.decoded()) + ", but CockroachDB needs the base64 of the PEM "
                            + (wanted == SinkUri.Decoded.PEM_PRIVATE_KEY ? "private key" : "certificate") + " file"
                            + (p.name().equals("ca_cert") ? " (failed to parse certificate data)" : " (invalid client certificate)"), vars);
                }
            }
        }
        for (String name : new String[] {"ca_cert", "client_cert"}) {
            if (!e.tlsEnabled() && e.param(name) != null) {
                out.report(e.subject(), name + " requires tls_enabled=true", vars);
            }
        }
        if (e.param("client_cert") != null && e.param("client_key") == null) {
            out.report(e.subject(), "client_cert requires client_key to be set", vars);
        } else if (e.param("client_key") != null && e.param("client_cert") == null) {
            out.report(e.subject(), "client_key requires client_cert to be set", vars);
        }
        if (e.skipVerify()) {
            out.report(Severity.WARNING, e.subject(), "insecure_tls_skip_verify=true: CockroachDB does not verify the sink's certificate, so anyone on the path can pose as the sink", vars);
        }
    }

    private static String cause(SinkUri.Param p) {
        if (p.pemText()) {
            return " (the value is the PEM text itself, not base64 of it)";
        }
        if (p.unencodedPlus()) {
            return " (its '+' characters were not URL-encoded as %2B, so they decode to spaces)";
        }
        if (p.spaces()) {
            return " (it holds spaces: line-wrapped base64 joined with spaces?)";
        }
        return "";
    }

    private static String words(SinkUri.Decoded kind) {
        return switch (kind) {
            case PEM_CERTIFICATE -> "a PEM certificate";
            case PEM_PRIVATE_KEY -> "a PEM private key";
            case DER -> "binary DER data";
            case OTHER, NOTHING -> "something that is not PEM";
        };
    }
}
