package dev.tlsdoctor.certs;

import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;
import java.util.List;

/**
 * Evidence: a certs directory as a whole, for the rules about which files are (not) there.
 *
 * @param dir the directory, as the user gave it
 * @param names the name of every entry in the directory
 * @param certs the certificate files CockroachDB would load
 * @param skipped files CockroachDB would skip or that do not belong, with the reason
 * @param caKeys the CA key files found in the directory ({@code ca.key}, {@code ca-client.key}, …)
 * @param user the SQL user the check was asked about ({@code --user}), or null
 * @param keeper where its files are kept when that is not a directory on disk (a Kubernetes Secret), else null
 */
public record CertsDirEvidence(Path dir, java.util.Set<String> names, List<CertEvidence> certs, List<SkippedFile> skipped, List<Path> caKeys, String user,
        CertKeeper keeper) implements Evidence {

    public CertsDirEvidence(Path dir, java.util.Set<String> names, List<CertEvidence> certs, List<SkippedFile> skipped, List<Path> caKeys, String user) {
        this(dir, names, certs, skipped, caKeys, user, null);
    }

    /** What findings call the file {@code name} of the directory, there or not. */
    public Path file(String name) {
        return keeper != null ? Path.of(keeper.location(name)) : dir.resolve(name);
    }

    /** A file in the directory that is not part of what CockroachDB loads. */
    public record SkippedFile(Path file, String reason) {}

    public CertEvidence find(CertRole role) {
        return certs.stream().filter(c -> c.role() == role).findFirst().orElse(null);
    }

    public CertEvidence findClient(String user) {
        return certs.stream().filter(c -> c.role() == CertRole.CLIENT && c.argument().equals(user)).findFirst().orElse(null);
    }

    /** Whether this looks like a node's directory (rather than a client's), so node files are required. */
    public boolean isNodeDirectory() {
        return names.contains("node.crt") || names.contains("node.key");
    }
}
