package dev.tlsdoctor.certs;

import java.util.Collection;

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

    /** The commands that put the local file {@code source} where the certs-dir file {@code name} is kept. */
    String put(String name, String source);

    /** The commands that keep {@code entry} (as evidence names it) in {@code safeDir} instead, out of where CockroachDB reads it. */
    String moveOut(java.nio.file.Path entry, String safeDir);
}
