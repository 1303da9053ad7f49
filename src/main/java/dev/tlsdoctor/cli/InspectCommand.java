package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertFileName;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.FileBytes;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.certs.Principals;
import dev.tlsdoctor.certs.PrincipalMap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tls-doctor inspect}: a readable dump of certificate and key files. Never prints key material. */
@Command(name = "inspect", description = "Shows what is in certificate and key files, and which role CockroachDB would give each.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Certificate or key files (PEM, DER, PKCS#8 .pk8, Vault JSON, Cloud JSON); - reads standard input.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean allRead = true;
        for (Path file : files) {
            boolean stdin = file.toString().equals("-");
            out.println(stdin ? "(standard input)" : file);
            try {
                byte[] bytes = stdin ? standardInput(file) : FileBytes.read(file);
                out.println("  CockroachDB role: " + (stdin ? "none: no file name (pasted or piped text)" : roleOf(file)));
                try {
                    CertParser.Parsed parsed = CertParser.parse(file, bytes);
                    out.println("  encoding: " + parsed.encoding());
                    List<X509Certificate> all = CertParser.all(parsed);
                    for (int i = 0; i < all.size(); i++) {
                        describe(out, i + 1, all.get(i));
                    }
                    if (parsed.embeddedKey() != null) {
                        describe(out, KeyParser.parse(file, parsed.embeddedKey()));
                    }
                } catch (BadFileException notCertificate) {
                    try {
                        describe(out, KeyParser.parse(file, bytes));
                    } catch (BadFileException notKey) {
                        throw isKeyFile(file) ? notKey : notCertificate; // say what is wrong with what the file was meant to be
                    }
                }
            } catch (BadFileException e) {
                spec.commandLine().getErr().println("tls-doctor: " + e.getMessage());
                allRead = false;
            }
            out.println();
        }
        return allRead ? 0 : 3;
    }

    /** {@code -}: what was piped in, or what was pasted at the REPL prompt, within the same size cap as files. */
    private static byte[] standardInput(Path file) throws BadFileException {
        byte[] bytes = StandardInput.readBytes(FileBytes.MAX_BYTES);
        if (bytes.length == 0) {
            throw new BadFileException(file, "nothing on standard input");
        }
        return bytes;
    }

    private static boolean isKeyFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".key") || name.endsWith(".pk8");
    }

    private static String roleOf(Path file) {
        if (isKeyFile(file)) {
            return "private key";
        }
        String name = file.getFileName().toString();
        CertFileName parsed = CertFileName.parse(name);
        if (parsed.role() == null) {
            return "none: CockroachDB would skip this file (" + parsed.problem() + ")";
        }
        return parsed.role().usage() + (parsed.argument() != null ? " (" + parsed.argument() + ")" : "");
    }

    private static void describe(PrintWriter out, int index, X509Certificate cert) {
        Instant now = Instant.now();
        out.printf("  certificate #%d%n", index);
        out.printf("    subject:      %s%n", CertNames.shortName(cert.getSubjectX500Principal()));
        out.printf("    issuer:       %s%s%n", CertNames.shortName(cert.getIssuerX500Principal()),
                CertFacts.isSelfIssued(cert) ? " (self-issued)" : "");
        out.printf("    serial:       %s%n", CertFacts.serialHex(cert));
        out.printf("    valid:        %s to %s (%s)%n", CertFacts.notBefore(cert), CertFacts.notAfter(cert), validityWords(cert, now));
        List<String> sans = CertNames.allSans(cert);
        out.printf("    SANs:         %s%n", sans.isEmpty() ? "none" : String.join(", ", sans));
        out.printf("    CA:           %s%n", CertFacts.isCa(cert)
                ? "yes" + (cert.getBasicConstraints() < Integer.MAX_VALUE ? ", path length " + cert.getBasicConstraints() : "") : "no");
        List<String> ku = CertFacts.keyUsageNames(cert);
        out.printf("    key usage:    %s%n", ku.isEmpty() ? "(not set)" : String.join(", ", ku));
        List<String> eku = CertFacts.extendedKeyUsages(cert).stream().map(CertFacts::ekuName).toList();
        out.printf("    ext. usage:   %s%n", eku.isEmpty() ? "(not set: any)" : String.join(", ", eku));
        out.printf("    key:          %s%n", CertFacts.keyDescription(cert.getPublicKey()));
        out.printf("    signature:    %s%n", cert.getSigAlgName());
        if (!CertFacts.isCa(cert)) {
            out.printf("    logs in as:   %s%n", Principals.describe(Principals.of(cert, PrincipalMap.NONE)));
        }
        out.printf("    SHA-256:      %s%n", CertFacts.sha256Fingerprint(cert));
    }

    private static void describe(PrintWriter out, ParsedKey key) {
        out.println("  private key (contents never shown)");
        out.printf("    format:       %s%n", key.format().description());
        out.printf("    algorithm:    %s%s%n", key.algorithm(), key.key() == null ? " (encrypted: CockroachDB cannot read it)" : "");
    }

    private static String validityWords(X509Certificate cert, Instant now) {
        if (now.isBefore(CertFacts.notBefore(cert))) {
            return "not yet valid";
        }
        long days = CertFacts.daysLeft(cert, now);
        return days < 0 ? "EXPIRED " + (-days) + " days ago" : days + " days left";
    }
}
