package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertFileName;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.FileBytes;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.certs.Passwords;
import dev.tlsdoctor.certs.RefusedCertificate;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tls-doctor inspect}: a readable dump of certificate and key files. Never prints key material. */
@Command(name = "inspect", description = "Shows what is in certificate and key files, and which role CockroachDB would give each.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Certificate or key files (PEM, DER, PKCS#8 .pk8, PKCS#7, PKCS#12, JKS/JCEKS key stores, Vault JSON, Cloud JSON); - reads standard input.")
    List<Path> files = new ArrayList<>();

    @Mixin
    PasswordOption password = new PasswordOption();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean allRead = true;
        Passwords passwords = password.passwords();
        for (Path file : files) {
            boolean stdin = file.toString().equals("-");
            out.println(stdin ? "(standard input)" : file);
            try {
                byte[] bytes = stdin ? standardInput(file) : FileBytes.read(file);
                out.println("  CockroachDB role: " + (stdin ? "none: no file name (pasted or piped text)" : roleOf(file)));
                try {
                    CertParser.Parsed parsed = CertParser.parse(file, bytes, passwords);
                    out.println("  encoding: " + parsed.encoding());
                    List<X509Certificate> all = CertParser.all(parsed);
                    for (int i = 0; i < all.size(); i++) {
                        describe(out, i + 1, all.get(i));
                    }
                    for (RefusedCertificate refused : parsed.refused()) {
                        out.printf("  certificate %s (%s): the JDK's parser refuses it (%s)%s%n", refused.place().isEmpty() ? "#1" : refused.place(),
                                refused.subject(), refused.jdkReason(), refused.lenient() == null ? "; BouncyCastle cannot read it either" : "; read with BouncyCastle");
                    }
                    for (CertParser.Entry entry : parsed.entries()) {
                        describe(out, entry, all);
                    }
                    if (parsed.embeddedKey() != null) {
                        describe(out, KeyParser.parse(file, parsed.embeddedKey()));
                    }
                } catch (BadFileException notCertificate) {
                    if (notCertificate.kind().isPassword()) {
                        throw notCertificate;
                    }
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

    /** A container's entry: its place, which of the certificates above it holds, and its key, judged against the first. */
    private static void describe(PrintWriter out, CertParser.Entry entry, List<X509Certificate> all) {
        List<String> numbers = entry.certs().stream().map(c -> "#" + (all.indexOf(c) + 1)).toList();
        out.printf("  entry %s: certificate%s %s%s%n", entry.place(), numbers.size() > 1 ? "s" : "", String.join(", ", numbers),
                entry.key() != null || entry.keyProblem() != null || entry.keyNotOpened() != null ? ", with a private key" : "");
        if (entry.keyProblem() != null || entry.keyNotOpened() != null) {
            out.printf("    private key:  %s%n", entry.keyProblem() != null ? entry.keyProblem() : entry.keyNotOpened());
        } else if (entry.key() != null) {
            describe(out, entry.key());
            out.printf("    matches:      %s%n", entry.key().matches(entry.certs().get(0).getPublicKey()) ? "yes, the entry's certificate" : "NO: it is not the certificate's key");
        }
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
        String words = CertFacts.expiryWords(CertFacts.secondsLeft(cert, now));
        return words.startsWith("expired") ? "EXPIRED" + words.substring("expired".length()) : words;
    }
}
