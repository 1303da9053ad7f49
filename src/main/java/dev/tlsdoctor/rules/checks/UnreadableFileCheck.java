package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.UnreadableFile;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.Map;

/** A certificate or key file that cannot be read or parsed; CockroachDB would fail on it too. */
public final class UnreadableFileCheck extends Check<UnreadableFile> {
    public UnreadableFileCheck() {
        super("unreadable-file", UnreadableFile.class);
    }

    @Override
    public void check(UnreadableFile e, RuleContext out) {
        String file = e.file().toString();
        out.report(file, e.reason(), Map.of("file", file, "convertCommand", convertCommand(file)));
    }

    /** How to rewrite a file of this kind in the encoding its reader needs: PEM for CockroachDB, DER for a Java client's .pk8. */
    private static String convertCommand(String file) {
        if (file.endsWith(".pk8")) {
            String pemKey = file.substring(0, file.length() - ".pk8".length());
            return "To re-create it from the PEM key: openssl pkcs8 -topk8 -outform DER -nocrypt -in " + pemKey + " -out " + file + " && chmod 600 " + file;
        }
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
            return "To list what it holds: openssl pkcs12 -info -noout -in " + file;
        }
        if (lower.endsWith(".jks") || lower.endsWith(".jceks")) {
            return "To list what it holds: keytool -list -v -keystore " + file;
        }
        return file.endsWith(".key")
                ? "If it is a DER key: openssl pkey -inform DER -in " + file + " -out " + file + ".pem && chmod 600 " + file + ".pem, then move it into place."
                : "If it is a DER certificate: openssl x509 -inform DER -in " + file + " -out " + file + ".pem, then move it into place.";
    }
}
