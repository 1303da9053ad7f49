package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.Passwords;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --password-file}: the password of PKCS#12 files and Java key stores, which is never taken on the command line. */
final class PasswordOption {
    @Option(names = "--password-file", paramLabel = "FILE",
            description = "The password of PKCS#12 (.p12/.pfx) files and Java key stores (JKS, JCEKS): the first line of FILE. "
                    + "Default: $" + Passwords.VARIABLE + ", else asked on the terminal.")
    Path passwordFile;

    Passwords passwords() {
        return Passwords.of(passwordFile);
    }
}
