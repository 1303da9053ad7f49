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
}
