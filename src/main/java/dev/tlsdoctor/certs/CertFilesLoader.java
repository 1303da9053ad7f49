package dev.tlsdoctor.certs;

import dev.tlsdoctor.common.Evidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns certificate files named on the command line into evidence: each is verified as a leaf
 * against {@code --ca} (else the certs directory's {@code ca.crt}, else the system trust store), with
 * intermediates from the file itself and from {@code --untrusted}. A self-signed CA given as a file is
 * judged as a CA. The CA files are judged too.
 */
public final class CertFilesLoader {
    private final List<Path> files;
    private final Path caFile;
    private final List<Path> untrustedFiles;
    private final List<String> hosts;
    private final Purpose purpose;
    private final Instant at;
    private final Passwords passwords;

    /** With the password of PKCS#12 files and key stores from the environment or the terminal. */
    public CertFilesLoader(List<Path> files, Path caFile, List<Path> untrustedFiles, List<String> hosts, Purpose purpose, Instant at) {
        this(files, caFile, untrustedFiles, hosts, purpose, at, Passwords.of(null));
    }

    public CertFilesLoader(List<Path> files, Path caFile, List<Path> untrustedFiles, List<String> hosts, Purpose purpose, Instant at, Passwords passwords) {
        this.files = files;
        this.caFile = caFile;
        this.untrustedFiles = untrustedFiles;
        this.hosts = hosts;
        this.purpose = purpose;
        this.at = at;
        this.passwords = passwords;
    }

    /** A loader of no files, for {@link #judge judging} files found elsewhere ({@link CertCorpus}), which reads only these. */
    CertFilesLoader(List<String> hosts, Purpose purpose, Instant at) {
        this(List.of(), null, List.of(), hosts, purpose, at, Passwords.none());
    }

    /**
     * @throws BadFileException when a FILE, {@code --ca} or {@code --untrusted} cannot be read as a file (nothing can be
     *     verified), or a container's password is missing or wrong (the run cannot check what the user asked for); a file
     *     that reads but holds no usable certificate is evidence, judged by rule unreadable-file
     */
    public List<Evidence> load() throws BadFileException {
        List<Evidence> evidence = new ArrayList<>();
        TrustPool givenCa = caPool(caFile, passwords);
        if (givenCa != null) {
            evidence.add(new CertEvidence(caFile.toString(), caFile, CertRole.CA, null, givenCa.anchors(), CertParser.Encoding.PEM,
                    java.util.Set.of(), List.of(), List.of(), null, null, false));
        }
        TrustPool trust = givenCa != null ? givenCa : TrustPool.system();
        List<X509Certificate> untrusted = new ArrayList<>();
        for (Path file : untrustedFiles) {
            byte[] bytes = FileBytes.read(file);
            try {
                untrusted.addAll(CertParser.parse(file, bytes, passwords).all());
            } catch (BadFileException e) {
                if (e.kind().isPassword()) {
                    throw e;
                }
                evidence.add(UnreadableFile.of(e)); // the others still build chains; this one is reported, not silently dropped
            }
        }
        for (Path file : files) {
            byte[] bytes = FileBytes.read(file); // no file to look at (missing, a directory, empty, too large, unreadable): could not check
            try {
                evidence.addAll(judge(file, CertParser.parse(file, bytes, passwords), trust, untrusted));
            } catch (BadFileException e) {
                if (e.kind().isPassword()) {
                    throw e;
                }
                evidence.add(UnreadableFile.of(e));
            }
        }
        return evidence;
    }

    /**
     * One file's evidence: the certificates the JDK refused, then a {@link CertEvidence} for the file (for a
     * container, one per entry, named by its place: {@code client.p12#2}, {@code truststore.jks:alias}), and
     * any problem with a key ({@link UnreadableFile}). A self-signed CA is judged as a CA, anything else as a
     * leaf verified against {@code trust}.
     */
    List<Evidence> judge(Path file, CertParser.Parsed parsed, TrustPool trust, List<X509Certificate> untrusted) {
        List<Evidence> evidence = new ArrayList<>(parsed.refused());
        if (!parsed.encoding().isContainer()) {
            if (!parsed.certs().isEmpty()) {
                List<X509Certificate> extras = new ArrayList<>(parsed.certs().subList(1, parsed.certs().size()));
                extras.addAll(parsed.chain());
                KeyFacts key = isRootCa(parsed.certs().get(0)) ? null : keyFor(file, parsed, evidence);
                evidence.add(judged(file.toString(), file, parsed.certs(), extras, parsed, trust, untrusted, key));
            }
            return evidence;
        }
        for (CertParser.Entry entry : parsed.entries()) {
            List<X509Certificate> others = new ArrayList<>(parsed.certs());
            others.removeAll(entry.certs());
            List<X509Certificate> extras = new ArrayList<>(entry.certs().subList(1, entry.certs().size()));
            extras.addAll(others);
            if (entry.keyProblem() != null) {
                evidence.add(new UnreadableFile(file, "the private key of " + entry.place() + ": " + entry.keyProblem()));
            }
            KeyFacts key = entry.key() == null ? null : new KeyFacts(file, true, true, null, entry.key());
            evidence.add(judged(file + entry.place(), file, entry.certs(), extras, parsed, trust, untrusted, key));
        }
        return evidence;
    }

    /**
     * {@code certs} (leaf first) of {@code parsed} judged under {@code subject}, with {@code extras} and
     * {@code untrusted} to build the chain with. A leaf the JDK refused is not verified: the JDK's validator
     * refuses it again, and that is the refusal's finding, not an unknown authority.
     */
    private CertEvidence judged(String subject, Path file, List<X509Certificate> certs, List<X509Certificate> extras, CertParser.Parsed parsed,
            TrustPool trust, List<X509Certificate> untrusted, KeyFacts key) {
        X509Certificate leaf = certs.get(0);
        if (isRootCa(leaf)) {
            return new CertEvidence(subject, file, CertRole.CA, null, certs, parsed.encoding(), java.util.Set.of(), List.of(), List.of(), null, null, false);
        }
        List<Verification> verifications = List.of();
        if (parsed.refused().stream().noneMatch(r -> r.lenient() == leaf)) {
            List<X509Certificate> intermediates = new ArrayList<>(extras);
            intermediates.addAll(untrusted);
            PathResult result = PathValidator.validate(leaf, intermediates, trust, at);
            verifications = List.of(new Verification("as " + purposeWords(), trust, result, null));
        }
        return new CertEvidence(subject, file, CertRole.LEAF, null, certs, parsed.encoding(), purpose.usages(), hosts, verifications, key, null, false);
    }

    private static boolean isRootCa(X509Certificate cert) {
        return CertFacts.isCa(cert) && CertFacts.isSelfIssued(cert);
    }

    private KeyFacts keyFor(Path file, CertParser.Parsed parsed, List<Evidence> problems) {
        if (parsed.embeddedKey() != null) {
            try {
                return new KeyFacts(file, true, true, null, KeyParser.parse(file, parsed.embeddedKey()));
            } catch (BadFileException e) {
                problems.add(UnreadableFile.of(e, "private_key: "));
                return new KeyFacts(file, true, true, null, null);
            }
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".crt")) {
            Path sibling = file.resolveSibling(CertFileName.keyFileFor(name));
            if (Files.exists(sibling)) {
                return CertsDirLoader.keyFacts(sibling, false, problems);
            }
        }
        return null;
    }

    private String purposeWords() {
        return switch (purpose) {
            case SERVER -> "a server certificate";
            case CLIENT -> "a client certificate";
            case ANY -> "a certificate";
        };
    }

    /** {@code --ca}: the trust pool of its certificates, named by the file; null when not given. */
    static TrustPool caPool(Path caFile, Passwords passwords) throws BadFileException {
        return caFile == null ? null : new TrustPool(caFile.toString(), CertParser.certificatesIn(caFile, passwords));
    }

    /** Every certificate in the {@code --untrusted} files, in order: intermediates to build chains with, never trusted. */
    static List<X509Certificate> untrusted(List<Path> untrustedFiles, Passwords passwords) throws BadFileException {
        List<X509Certificate> untrusted = new ArrayList<>();
        for (Path file : untrustedFiles) {
            untrusted.addAll(CertParser.certificatesIn(file, passwords));
        }
        return untrusted;
    }
}
