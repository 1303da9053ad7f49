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

    public CertFilesLoader(List<Path> files, Path caFile, List<Path> untrustedFiles, List<String> hosts, Purpose purpose, Instant at) {
        this.files = files;
        this.caFile = caFile;
        this.untrustedFiles = untrustedFiles;
        this.hosts = hosts;
        this.purpose = purpose;
        this.at = at;
    }

    /** A loader of no files, for {@link #judge judging} files found elsewhere ({@link CertCorpus}), which reads only these. */
    CertFilesLoader(List<String> hosts, Purpose purpose, Instant at) {
        this(List.of(), null, List.of(), hosts, purpose, at);
    }

    /**
     * @throws BadFileException when a FILE, {@code --ca} or {@code --untrusted} cannot be read as a file (nothing can be
     *     verified); a file that reads but holds no usable certificate is evidence, judged by rule unreadable-file
     */
    public List<Evidence> load() throws BadFileException {
        List<Evidence> evidence = new ArrayList<>();
        TrustPool givenCa = caPool(caFile);
        if (givenCa != null) {
            evidence.add(new CertEvidence(caFile.toString(), caFile, CertRole.CA, null, givenCa.anchors(), CertParser.Encoding.PEM,
                    java.util.Set.of(), List.of(), List.of(), null, null, false));
        }
        TrustPool trust = givenCa != null ? givenCa : TrustPool.system();
        List<X509Certificate> untrusted = new ArrayList<>();
        for (Path file : untrustedFiles) {
            byte[] bytes = FileBytes.read(file);
            try {
                untrusted.addAll(CertParser.all(CertParser.parse(file, bytes)));
            } catch (BadFileException e) {
                evidence.add(UnreadableFile.of(e)); // the others still build chains; this one is reported, not silently dropped
            }
        }
        for (Path file : files) {
            byte[] bytes = FileBytes.read(file); // no file to look at (missing, a directory, empty, too large, unreadable): could not check
            try {
                evidence.add(judge(file, CertParser.parse(file, bytes), trust, untrusted, evidence));
            } catch (BadFileException e) {
                evidence.add(UnreadableFile.of(e));
            }
        }
        return evidence;
    }

    /** One file's certificates judged: a self-signed CA as a CA, anything else as a leaf verified against {@code trust}; problems with its key go to {@code problems}. */
    CertEvidence judge(Path file, CertParser.Parsed parsed, TrustPool trust, List<X509Certificate> untrusted, List<Evidence> problems) {
        X509Certificate leaf = parsed.certs().get(0);
        if (CertFacts.isCa(leaf) && CertFacts.isSelfIssued(leaf)) {
            return new CertEvidence(file.toString(), file, CertRole.CA, null, parsed.certs(), parsed.encoding(),
                    java.util.Set.of(), List.of(), List.of(), null, null, false);
        }
        List<X509Certificate> intermediates = new ArrayList<>(parsed.certs().subList(1, parsed.certs().size()));
        intermediates.addAll(parsed.chain());
        intermediates.addAll(untrusted);
        PathResult result = PathValidator.validate(leaf, intermediates, trust, at);
        List<Verification> verifications = List.of(new Verification("as " + purposeWords(), trust, result, null));
        return new CertEvidence(file.toString(), file, CertRole.LEAF, null, parsed.certs(), parsed.encoding(),
                purpose.usages(), hosts, verifications, keyFor(file, parsed, problems), null, false);
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
    static TrustPool caPool(Path caFile) throws BadFileException {
        return caFile == null ? null : new TrustPool(caFile.toString(), CertParser.certificatesIn(caFile));
    }

    /** Every certificate in the {@code --untrusted} files, in order: intermediates to build chains with, never trusted. */
    static List<X509Certificate> untrusted(List<Path> untrustedFiles) throws BadFileException {
        List<X509Certificate> untrusted = new ArrayList<>();
        for (Path file : untrustedFiles) {
            untrusted.addAll(CertParser.certificatesIn(file));
        }
        return untrusted;
    }
}
