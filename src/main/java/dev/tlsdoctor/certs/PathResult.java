package dev.tlsdoctor.certs;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The outcome of RFC 5280 path validation of one certificate.
 *
 * @param outcome the verdict on everything except validity dates (judged, when the dates fail, at a
 *     moment inside every certificate's validity, so a second problem is not hidden by the first)
 * @param datesValid whether the path also validates at the requested moment
 * @param detail what went wrong, in words naming the certificates involved; empty when valid
 * @param chain the path as built: the certificate first, then intermediates, then the anchor if found
 * @param anchor the trust anchor the path ends at, or null
 */
public record PathResult(Outcome outcome, boolean datesValid, String detail, List<X509Certificate> chain, X509Certificate anchor) {

    public enum Outcome {
        VALID,
        /** No trusted certificate issued the top of the chain (unknown authority). */
        NO_TRUSTED_ISSUER,
        /** A certificate with the issuer's name is trusted, but its key did not sign this one. */
        BAD_SIGNATURE,
        /** A certificate that issued another is not a CA (basicConstraints) or may not sign certificates (keyUsage). */
        NOT_A_CA,
        /** The chain is longer than a CA's pathLenConstraint allows. */
        PATH_TOO_LONG,
        /** A disabled algorithm or a key too small for the JDK's own certpath constraints. */
        WEAK_ALGORITHM,
        /** Everything else PKIX rejects (an unknown critical extension, name constraints, …). */
        OTHER,
        /** The certificates are never all valid at the same moment, so nothing else could be judged. */
        NO_COMMON_VALIDITY
    }

    public boolean isValid() {
        return outcome == Outcome.VALID && datesValid;
    }

    /** The certificates above the leaf that are not the trust anchor. */
    public List<X509Certificate> intermediates() {
        int end = anchor != null ? chain.size() - 1 : chain.size();
        return chain.subList(Math.min(1, end), end);
    }
}
