package dev.tlsdoctor.certs;

import dev.tlsdoctor.certs.BadFileException.Kind;
import dev.tlsdoctor.common.Evidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every certificate file under a directory tree ({@code check --recursive}), each judged on its own
 * as {@code check FILE} judges one: verified against {@code --ca}, else against the self-signed CA
 * certificates found in the tree (else the system trust store), with the tree's CA certificates and
 * {@code --untrusted} as the intermediates to build chains with. Two walks: the first gathers the CA
 * certificates, which is all that is kept; the second hands over each file's outcome as soon as it is
 * judged, so a big tree costs time, not memory.
 */
public final class CertCorpus {
    /** What became of one entry of the tree. */
    public sealed interface Outcome permits Checked, KeyFile, Failed {}

    /**
     * A file of certificates.
     *
     * @param certificates how many certificates it held (a Vault bundle's chain included)
     * @param evidence the certificates the JDK refused ({@link RefusedCertificate}), its {@link CertEvidence} (one per
     *     entry of a container), then any problem with a key ({@link UnreadableFile})
     */
    public record Checked(Path file, int certificates, List<Evidence> evidence) implements Outcome {}

    /** A private key on its own: not a certificate file, and not a failure either (a certs directory holds them). */
    public record KeyFile(Path file) implements Outcome {}

    /** An entry that could not be read, was no certificate, or could not be walked into. */
    public record Failed(BadFileException problem) implements Outcome {}

    /** How many root CA files the trust is named by before it is only counted. */
    private static final int MAX_NAMED = 3;

    private final Path root;
    private final Path caFile;
    private final List<Path> untrustedFiles;
    private final CertFilesLoader files;
    private final Passwords passwords;

    /** With the password of PKCS#12 files and key stores from the environment or the terminal. */
    public CertCorpus(Path root, Path caFile, List<Path> untrustedFiles, List<String> hosts, Purpose purpose, Instant at) {
        this(root, caFile, untrustedFiles, hosts, purpose, at, Passwords.of(null));
    }

    public CertCorpus(Path root, Path caFile, List<Path> untrustedFiles, List<String> hosts, Purpose purpose, Instant at, Passwords passwords) {
        this.root = root;
        this.caFile = caFile;
        this.untrustedFiles = untrustedFiles;
        this.files = new CertFilesLoader(hosts, purpose, at);
        this.passwords = passwords;
    }

    public Path root() {
        return root;
    }

    /**
     * Judges every entry under the root, handing each outcome to {@code sink} in walk order. When
     * reading a file or the sink's handling of its outcome throws, the file is handed over again as an
     * {@code internal-error} failure and the walk goes on: so a sink counts an outcome only once all
     * its work on it (the rules) is done.
     *
     * @return the trust every file was verified against
     * @throws BadFileException when the root is not a directory, or {@code --ca} or {@code --untrusted} cannot be read
     */
    public TrustPool check(Consumer<Outcome> sink) throws BadFileException {
        Map<X509Certificate, Path> authorities = authorities();
        TrustPool givenCa = CertFilesLoader.caPool(caFile, passwords);
        TrustPool trust = givenCa != null ? givenCa : trust(authorities);
        List<X509Certificate> untrusted = new ArrayList<>(authorities.keySet());
        untrusted.addAll(CertFilesLoader.untrusted(untrustedFiles, passwords));
        Set<Path> keysRead = new HashSet<>();
        CertTree.walk(root, new CertTree.Visitor() {
            @Override
            public void file(Path file) {
                try {
                    sink.accept(examine(file, trust, untrusted, keysRead));
                } catch (RuntimeException bug) {
                    // one odd file must not end a run over thousands, whether reading it failed or the sink's rules over it did
                    sink.accept(new Failed(new BadFileException(file, Kind.INTERNAL_ERROR, "tls-doctor failed on it: " + where(bug))));
                }
            }

            @Override
            public void failed(BadFileException problem) {
                sink.accept(new Failed(problem));
            }
        });
        return trust;
    }

    /** The first walk: every CA certificate in the tree, once, with the first file it is in. Files that fail are the second walk's to report. */
    private Map<X509Certificate, Path> authorities() throws BadFileException {
        Map<X509Certificate, Path> authorities = new LinkedHashMap<>();
        CertTree.walk(root, new CertTree.Visitor() {
            @Override
            public void file(Path file) {
                try {
                    byte[] bytes = FileBytes.read(file);
                    if (!CertParser.mayHoldCertificates(bytes)) {
                        return; // a key or a CSR: no need to decode it to see it holds no CA
                    }
                    CertParser.Parsed parsed = CertParser.parse(file, bytes, passwords);
                    parsed.all().stream().filter(CertFacts::isCa).forEach(ca -> authorities.putIfAbsent(ca, file));
                } catch (BadFileException | RuntimeException reportedLater) {
                    // the second walk reports it
                }
            }

            @Override
            public void failed(BadFileException problem) {
                // the second walk reports it
            }
        });
        return authorities;
    }

    /** Without --ca: the tree's self-signed CAs named by their files (as findings name a CA file), else the system's. */
    private TrustPool trust(Map<X509Certificate, Path> authorities) {
        List<X509Certificate> roots = authorities.keySet().stream().filter(CertFacts::isSelfIssued).toList();
        if (roots.isEmpty()) {
            return TrustPool.system();
        }
        Set<String> files = new LinkedHashSet<>();
        roots.forEach(r -> files.add(authorities.get(r).toString()));
        String name = files.size() <= MAX_NAMED ? String.join(" and ", files) : "the " + files.size() + " files of self-signed CA certificates under " + root;
        return new TrustPool(name, roots);
    }

    /**
     * One entry of the second walk. {@code keysRead} holds the sibling keys ({@code node.key}) that the
     * certificates judged so far read as keys: each is met later in the same directory ({@code .crt}
     * sorts before {@code .key}) and then taken out, so the set holds a name or two at a time.
     */
    private Outcome examine(Path file, TrustPool trust, List<X509Certificate> untrusted, Set<Path> keysRead) {
        try {
            byte[] bytes = FileBytes.read(file);
            if (keysRead.remove(file) && !mentionsCertificate(bytes)) {
                return new KeyFile(file); // parsed as a key already, and a key file with no certificate block cannot parse as certificates
            }
            CertParser.Parsed parsed;
            try {
                parsed = CertParser.parse(file, bytes, passwords);
            } catch (BadFileException notCertificates) {
                return isPrivateKey(file, bytes) ? new KeyFile(file) : new Failed(notCertificates);
            }
            List<Evidence> evidence = files.judge(file, parsed, trust, untrusted);
            for (Evidence item : evidence) {
                if (item instanceof CertEvidence judged && judged.key() != null && judged.key().parsed() != null && !judged.key().file().equals(file)) {
                    keysRead.add(judged.key().file());
                }
            }
            int outlinesOnly = (int) parsed.refused().stream().filter(r -> r.lenient() == null).count();
            return new Checked(file, parsed.all().size() + outlinesOnly, evidence);
        } catch (BadFileException unreadable) {
            return new Failed(unreadable);
        }
    }

    /**
     * The exception's class and the first place in tls-doctor's code it passed through: never its
     * message, which can quote the file (a certificate's text, a key's base64).
     */
    private static String where(RuntimeException bug) {
        String where = "";
        for (StackTraceElement frame : bug.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.tlsdoctor.")) {
                where = " in " + frame.getClassName() + "." + frame.getMethodName() + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "");
                break;
            }
        }
        return bug.getClass().getName() + where;
    }

    /** A private key alone in its file (one with certificates beside it is a damaged certificate file). */
    private static boolean isPrivateKey(Path file, byte[] bytes) {
        if (mentionsCertificate(bytes)) {
            return false;
        }
        try {
            KeyParser.parse(file, bytes); // the key itself is dropped at once: only whether it is one matters
            return true;
        } catch (BadFileException notKey) {
            return false;
        }
    }

    private static boolean mentionsCertificate(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE");
    }
}
