package dev.tlsdoctor.certs;

import java.util.Collection;
import java.util.List;

/**
 * Where a certificate is kept when that is not a file in a certs directory on disk (a Kubernetes Secret):
 * the fixes issue a replacement into a local directory, then put it back where it is kept.
 */
public interface CertKeeper {

    /** The local directory the issuing commands write into (holding the CA certificate first). */
    String workDir();

    /**
     * The commands that replace {@code cert} where it is kept.
     *
     * @param issue the command that issues the replacement into {@link #workDir()}
     * @param hosts the SANs the replacement must carry (empty for client certificates)
     */
    String replace(CertEvidence cert, String issue, Collection<String> hosts);

    /** The command that makes CockroachDB use the replaced certificate. */
    String reload();

    /** What findings call the certs-dir file {@code name} where it is kept (e.g. {@code secret/ns/name:tls.key}). */
    String location(String name);

    /** The commands that put the CA certificate back where {@code ca.crt} is kept, from where else it is kept. */
    String putCaCert();

    /**
     * The commands that issue the certs-dir file {@code certFile} and its key into {@link #workDir()} with {@code issue} (which
     * reads the CA certificate there and signs with {@link #caKey()}) and put both where they are kept.
     */
    String issue(String certFile, String issue);

    /** The path the issuing commands read the CA key from (written there first if need be), or null when not known here. */
    String caKey();

    /** The names a node certificate kept here must carry. */
    List<String> hosts();

    /** The commands that keep {@code entry} (as evidence names it) in {@code safeDir} instead, out of where CockroachDB reads it. */
    String moveOut(java.nio.file.Path entry, String safeDir);
}
