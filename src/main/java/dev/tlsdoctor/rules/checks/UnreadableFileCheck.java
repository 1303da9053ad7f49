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

    /** How to turn a DER file of this kind into the PEM CockroachDB reads. */
    private static String convertCommand(String file) {
        return file.endsWith(".key") || file.endsWith(".pk8")
                ? "If it is a DER key: openssl pkey -inform DER -in " + file + " -out " + file + ".pem && chmod 600 " + file + ".pem, then move it into place."
                : "If it is a DER certificate: openssl x509 -inform DER -in " + file + " -out " + file + ".pem, then move it into place.";
    }
}
