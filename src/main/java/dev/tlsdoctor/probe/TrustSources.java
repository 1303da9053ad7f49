package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.FileBytes;
import dev.tlsdoctor.certs.UnreadableFile;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.TrustPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a served chain is verified against: the trust anchors ({@code --ca}, else the certs
 * directory's {@code ca.crt}, else the system trust store), the DB Console's own CA
 * ({@code ca-ui.crt}) when there is one, and intermediates we hold locally ({@code --untrusted}, and
 * intermediate CAs in the certs directory) that tell a missing intermediate from an unknown CA.
 *
 * @param pool the anchors for SQL and RPC endpoints
 * @param uiPool the anchors for the DB Console ({@code ca-ui.crt}), or null to use {@code pool}
 * @param untrusted intermediates found locally, each with where it came from
 */
public record TrustSources(TrustPool pool, TrustPool uiPool, List<LocalCert> untrusted, List<UnreadableFile> unreadable) {

    public TrustSources(TrustPool pool, TrustPool uiPool, List<LocalCert> untrusted) {
        this(pool, uiPool, untrusted, List.of());
    }

    /** A certificate we hold, and the file it came from. */
    public record LocalCert(X509Certificate cert, String source) {}

    /**
     * @throws BadFileException when {@code --ca} or an {@code --untrusted} file cannot be read; an {@code --untrusted}
     *     file that reads but does not parse is one of {@link #unreadable()}, evidence for the report
     */
    public static TrustSources load(Path caFile, List<Path> untrustedFiles, Path certsDir) throws BadFileException {
        List<LocalCert> untrusted = new ArrayList<>();
        List<UnreadableFile> unreadable = new ArrayList<>();
        for (Path file : untrustedFiles) {
            byte[] bytes = FileBytes.read(file);
            try {
                for (X509Certificate cert : CertParser.all(CertParser.parse(file, bytes))) {
                    untrusted.add(new LocalCert(cert, file.toString()));
                }
            } catch (BadFileException e) {
                unreadable.add(UnreadableFile.of(e));
            }
        }
        TrustPool pool = null;
        TrustPool uiPool = null;
        if (caFile != null) {
            pool = new TrustPool(caFile.toString(), CertParser.certificatesIn(caFile));
        }
        if (certsDir != null && Files.isDirectory(certsDir)) {
            for (Path file : crtFiles(certsDir)) {
                List<X509Certificate> certs;
                try {
                    certs = CertParser.certificatesIn(file);
                } catch (BadFileException skipped) {
                    continue; // 'tls-doctor check' reports bad files; a probe uses what it can read
                }
                String name = file.getFileName().toString();
                if (name.equals("ca.crt") && pool == null) {
                    pool = new TrustPool(file.toString(), certs);
                } else if (name.equals("ca-ui.crt") && caFile == null) {
                    uiPool = new TrustPool(file.toString(), certs);
                } else {
                    for (X509Certificate cert : certs) {
                        if (CertFacts.isCa(cert) && !CertFacts.isSelfIssued(cert)) {
                            untrusted.add(new LocalCert(cert, file.toString()));
                        }
                    }
                }
            }
        }
        return new TrustSources(pool != null ? pool : TrustPool.system(), uiPool, List.copyOf(untrusted), List.copyOf(unreadable));
    }

    /** The anchors a client of this endpoint verifies it with (DB Console clients use ca-ui.crt when it exists). */
    public TrustPool poolFor(boolean dbConsole) {
        return dbConsole && uiPool != null ? uiPool : pool;
    }

    public List<X509Certificate> untrustedCertificates() {
        return untrusted.stream().map(LocalCert::cert).toList();
    }

    private static List<Path> crtFiles(Path dir) {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(".crt") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
