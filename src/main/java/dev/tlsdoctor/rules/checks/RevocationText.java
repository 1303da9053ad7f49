package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspMode;
import dev.tlsdoctor.ocsp.RevocationTarget;
import dev.tlsdoctor.rules.Severity;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the OCSP and CRL checks say about CockroachDB's behaviour, and the values their fixes use. */
final class RevocationText {
    /** When CockroachDB's own check gets no definitive answer (pkg/security/ocsp.go). */
    static final String WHEN_CHECK_FAILS = "CockroachDB: security.ocsp.mode=off does not check; lax accepts the certificate"
            + " (logging \"OCSP check failed in non-strict mode\"); strict rejects the handshake (\"OCSP check failed in strict mode\")";
    static final String WHEN_REVOKED = "CockroachDB: security.ocsp.mode=lax and strict both reject it (\"OCSP server says cert is revoked\");"
            + " only off (the default, no checking) still accepts it";
    static final String NEVER_CHECKED = "CockroachDB never reads CRLs: in every security.ocsp.mode it accepts this certificate"
            + " unless its OCSP responder also says revoked";

    private RevocationText() {}

    /** Failures that do not reject anything in lax mode are warnings there, errors in strict mode. */
    static Severity failureSeverity(OcspMode mode) {
        return mode == OcspMode.STRICT ? Severity.ERROR : Severity.WARNING;
    }

    /** "the certificate 'CN=node' (serial 1A2B)". */
    static String about(RevocationTarget t) {
        return t.certificate() + " (serial " + t.serial() + ")";
    }

    /** "SHA-256 POST without nonce to http://…: <detail>" for each answer, identical ones once. */
    static String answers(List<OcspAnswer> answers) {
        Set<String> lines = new LinkedHashSet<>();
        for (OcspAnswer a : answers) {
            lines.add(a.request() + " to " + a.url() + ": " + a.detail());
        }
        return String.join("; ", lines);
    }

    /** Fix-template values: those of the certificate's file, plus the certificate, serial, issuer and URL. */
    static Map<String, String> vars(RevocationTarget t, String url) {
        Map<String, String> vars = t.source() != null
                ? FixCommands.vars(t.source())
                : new java.util.LinkedHashMap<>(Map.of("file", t.subject(), "reloadCommand", FixCommands.RELOAD));
        if (!t.leaf()) {
            vars.put("renewCommand", "have the CA '" + t.issuer() + "' issue a new " + t.certificate()
                    + ", then re-issue every certificate it signed with the new one");
        }
        // A served chain's subject is "host:port (modes)": probing it again is how to re-check it.
        vars.put("recheckCommand", t.source() != null && t.source().file() == null
                ? "tls-doctor probe " + t.subject().replaceFirst(" \\(.*\\)$", "") + " --ocsp"
                : "tls-doctor ocsp " + t.subject());
        vars.put("issuerFile", t.leaf() && t.source() != null && t.source().certsDir() != null
                ? FixCommands.sh(t.source().certsDir().resolve(FixCommands.signingCa(t.source().certsDir(), t.source().role())).toString()) : "issuer.pem");
        vars.put("certificate", t.certificate());
        vars.put("serial", t.serial());
        vars.put("issuer", t.issuer());
        if (url != null) {
            vars.put("url", url);
        }
        return vars;
    }
}
