package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.ClientKey;
import dev.tlsdoctor.certs.KeyFormat;
import dev.tlsdoctor.certs.KeyReader;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/** A client key in a form its driver cannot read: PEM for the JDBC driver, DER for libpq, Go and Node.js. */
public final class KeyFormatCheck extends Check<ClientKey> {
    public KeyFormatCheck() {
        super("key-format", ClientKey.class);
    }

    @Override
    public void check(ClientKey e, RuleContext out) {
        String file = e.file().toString();
        if (e.reader() == KeyReader.JDBC && e.isPkcs12Store()) {
            if (e.key() == null && e.problem() != null) { // read as the driver reads it: its key entry 'user', opened with sslpassword
                report(out, Severity.ERROR, e, file + " (" + e.use() + ") is a PKCS#12 key store the JDBC driver cannot use: " + e.problem(), pkcs12Fix(file, e.problem()));
            }
            return;
        }
        if (e.key() == null) {
            report(out, Severity.ERROR, e, file + " (" + e.use() + ") is not a key " + e.reader().description() + " can read: "
                    + (e.clientError() != null ? e.clientError() : e.problem()),
                    e.reader() == KeyReader.JDBC ? fromPemKey(file) : "replace " + sh(file) + " with the PEM private key");
            return;
        }
        KeyFormat format = e.key().format();
        if (format.isEncrypted()) {
            if (e.reader() == KeyReader.JDBC && e.clientError() != null) {
                // the driver reads encrypted PKCS#8 only with sslpassword; without it, it gave up on this key
                report(out, Severity.ERROR, e, "the JDBC driver could not use " + file + " (" + e.use() + "), " + format.description()
                        + ", so it sent no client certificate: " + e.clientError(),
                        "openssl pkcs8 -topk8 -nocrypt" + (isPem(e.file()) ? "" : " -inform DER") + " -in " + file + " -outform DER -out " + file
                                + ".plain.pk8 && chmod 600 " + file + ".plain.pk8   # asks for the passphrase; then point sslkey at " + file
                                + ".plain.pk8 (or give the passphrase with sslpassword=)");
            }
            return; // key-encrypted is about passphrases; the JDBC driver can read encrypted PKCS#8 with sslpassword
        }
        if (e.reader() == KeyReader.JDBC && format != KeyFormat.PKCS8_DER) {
            // PKCS#8 PEM is read by recent drivers only: a warning, unless the driver in use just failed on it
            boolean pkcs8Pem = format == KeyFormat.PKCS8_PEM && e.clientError() == null;
            report(out, pkcs8Pem ? Severity.WARNING : Severity.ERROR, e, file + " (" + e.use() + ") is " + format.description() + ", but "
                    + e.reader().description() + (pkcs8Pem
                            ? " reads PKCS#8 PEM only in recent releases (42.7.8 and older fail: Could not read SSL key file)"
                            : " reads only PKCS#8 DER (.pk8) or PKCS#12 (it fails with: "
                                    + (e.clientError() != null ? e.clientError() : "Could not read SSL key file") + ")"),
                    file.endsWith(".pk8") ? toPk8(file, file + ".der") + " && mv " + sh(file + ".der") + " " + sh(file)
                            : toPk8(file, file + ".pk8") + "   # then point sslkey at " + sh(file + ".pk8"));
        } else if (e.clientError() != null && e.reader() == KeyReader.JDBC) {
            report(out, Severity.ERROR, e, "the JDBC driver could not read " + file + " (" + e.use() + "), although it is "
                    + format.description() + ": " + e.clientError(), "check that the file is readable by the application's user: ls -l " + sh(file));
        } else if (e.reader() == KeyReader.PEM_CLIENTS && format == KeyFormat.PKCS8_DER) {
            String pem = file.endsWith(".pk8") ? file.substring(0, file.length() - ".pk8".length()) : file + ".pem";
            report(out, Severity.ERROR, e, file + " (" + e.use() + ") is " + format.description() + ", but " + e.reader().description()
                    + " read only PEM keys (libpq: could not load private key file; Go: tls: failed to find any PEM data in key input)",
                    "openssl pkey -inform DER -in " + sh(file) + " -out " + sh(pem) + " && chmod 600 " + sh(pem) + "   # then point sslkey at " + sh(pem));
        }
    }

    /** Whether a key file is PEM text (openssl's default input) rather than DER. */
    private static boolean isPem(java.nio.file.Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return in.read() == '-';
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static String pkcs12Fix(String file, String problem) {
        if (problem.contains("no key entry named")) {
            String renamed = file.replaceFirst("\\.(?i:p12|pfx)$", "") + "-user.p12";
            return "openssl pkcs12 -in " + file + " -nodes | openssl pkcs12 -export -name user -out " + renamed + " && chmod 600 " + renamed
                    + "   # then point sslkey at " + renamed;
        }
        if (problem.contains("sslpassword")) {
            return "set sslpassword in the URL to the password of " + file + " (URL-encoded); to check a password: openssl pkcs12 -info -noout -in " + file;
        }
        return "replace " + file + " with an intact copy; to see what it holds: openssl pkcs12 -info -noout -in " + file;
    }

    private static String toPk8(String pemKey, String pk8) {
        return "openssl pkcs8 -topk8 -inform PEM -outform DER -nocrypt -in " + sh(pemKey) + " -out " + sh(pk8) + " && chmod 600 " + sh(pk8);
    }

    private static String sh(String path) {
        return FixCommands.sh(path);
    }

    /** For {@code client.root.key.pk8}, made from the PEM key {@code client.root.key}; for another name, from the PEM key the user names in PEM_KEY. */
    private static String fromPemKey(String pk8) {
        return pk8.endsWith(".pk8") ? toPk8(pk8.substring(0, pk8.length() - ".pk8".length()), pk8)
                : ": \"${PEM_KEY:?set PEM_KEY to the PEM private key this one is made from}\"\n"
                        + toPk8("$PEM_KEY", pk8).replace("'$PEM_KEY'", "\"$PEM_KEY\"");
    }

    private static void report(RuleContext out, Severity severity, ClientKey e, String message, String convert) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("keyFile", sh(e.file().toString()));
        vars.put("convertCommand", convert);
        out.report(severity, e.file().toString(), message, vars);
    }
}
