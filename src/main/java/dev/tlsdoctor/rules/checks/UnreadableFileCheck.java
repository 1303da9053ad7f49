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
        out.report(file, e.reason(), Map.of("file", FixCommands.sh(file), "repair", repair(e)));
    }

    /** What repairs this kind of problem: access for a permission, a conversion only for a well-formed DER file, else the file itself. */
    private static String repair(UnreadableFile e) {
        String file = FixCommands.sh(e.file().toString());
        boolean key = file.endsWith(".key") || file.endsWith(".key'");
        return switch (e.kind()) {
            // the process that reads it must be able to; here that is the user tls-doctor runs as
            case PERMISSION_DENIED -> "# as root (sudo): give it to the user that runs CockroachDB (tls-doctor ran as " + FixCommands.sh(System.getProperty("user.name")) + ")\n"
                    + "chown " + FixCommands.sh(System.getProperty("user.name")) + " " + file + " && chmod " + (key ? "600 " : "644 ") + file;
            case EMPTY, TOO_LARGE, NOT_A_REGULAR_FILE, MISSING, BROKEN_SYMLINK, SYMLINK_LOOP, IO_ERROR ->
                    "Put the " + (key ? "key" : "certificate") + " itself at " + file + " (restore it from where it was issued or from a backup).";
            default -> e.der() ? convert(file, key)
                    : e.file().toString().endsWith(".pk8") ? recreatePk8(e.file().toString())
                    : "Replace " + file + " with an intact copy. To see what it holds: tls-doctor inspect " + file;
        };
    }

    private static String convert(String file, boolean key) {
        String pem = FixCommands.sh(file.replace("'", "") + ".pem");
        return key ? "openssl pkey -inform DER -in " + file + " -out " + pem + " && chmod 600 " + pem + " && mv " + pem + " " + file
                : "openssl x509 -inform DER -in " + file + " -out " + pem + " && mv " + pem + " " + file;
    }

    /** A Java client's PKCS#8 DER copy, made again from the PEM key beside it. */
    private static String recreatePk8(String pk8) {
        String pem = FixCommands.sh(pk8.substring(0, pk8.length() - ".pk8".length()));
        return "To re-create it from the PEM key: openssl pkcs8 -topk8 -outform DER -nocrypt -in " + pem + " -out " + FixCommands.sh(pk8)
                + " && chmod 600 " + FixCommands.sh(pk8);
    }
}
