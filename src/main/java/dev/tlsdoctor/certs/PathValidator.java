package dev.tlsdoctor.certs;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * RFC 5280 path validation. We build the chain ourselves (by name, then by signature, so a CA
 * bundle holding an old and a new CA of the same name picks the one that really signed) in order to
 * say precisely what is wrong, then let the JDK's PKIX validator deliver the verdict: nothing it
 * rejects is ever reported valid.
 */
public final class PathValidator {
    private static final int MAX_DEPTH = 10;

    private PathValidator() {}

    public static PathResult validate(X509Certificate leaf, Collection<X509Certificate> untrusted, TrustPool pool, Instant at) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate anchor = null;
        String missing = null;
        X509Certificate current = leaf;
        while (chain.size() <= MAX_DEPTH) {
            X500Principal issuer = current.getIssuerX500Principal();
            List<X509Certificate> namedAnchors = named(pool.anchors(), issuer);
            anchor = signerAmong(current, namedAnchors, at);
            if (anchor != null) {
                if (!anchor.equals(current)) {
                    chain.add(anchor);
                }
                break;
            }
            X509Certificate next = signerAmong(current, named(untrusted, issuer), at);
            if (next == null || chain.contains(next)) {
                if (!namedAnchors.isEmpty()) {
                    return new PathResult(PathResult.Outcome.BAD_SIGNATURE, false,
                            describe(current) + " names " + display(issuer) + " as issuer, and " + pool.name()
                                    + " has a CA of that name, but that CA's key did not sign it (the CA was re-created or replaced)",
                            chain, null);
                }
                missing = current.getSubjectX500Principal().equals(issuer)
                        ? describe(current) + " is self-signed and not in " + pool.name()
                        : "issuer " + display(issuer) + " of " + describe(current) + " is not in " + pool.name()
                                + " and no intermediate certificate for it was given";
                break;
            }
            chain.add(next);
            current = next;
        }
        if (anchor == null) {
            return new PathResult(PathResult.Outcome.NO_TRUSTED_ISSUER, false,
                    missing != null ? missing : "chain is longer than " + MAX_DEPTH + " certificates", chain, null);
        }
        return pkix(chain, anchor, at);
    }

    private static PathResult pkix(List<X509Certificate> chain, X509Certificate anchor, Instant at) {
        List<X509Certificate> path = chain.get(chain.size() - 1).equals(anchor) && chain.size() > 1
                ? chain.subList(0, chain.size() - 1) : chain;
        CertPathValidatorException atMoment = run(path, anchor, at);
        if (atMoment == null) {
            return withinAnchorPathLength(new PathResult(PathResult.Outcome.VALID, true, "", chain, anchor), path, anchor);
        }
        if (!isDateReason(atMoment)) {
            return failure(atMoment, true, chain, anchor);
        }
        Instant common = commonValidity(chain);
        if (common == null) {
            return new PathResult(PathResult.Outcome.NO_COMMON_VALIDITY, false,
                    "the certificates in the chain are never all valid at the same time", chain, anchor);
        }
        CertPathValidatorException structural = run(path, anchor, common);
        return structural == null
                ? withinAnchorPathLength(new PathResult(PathResult.Outcome.VALID, false, dateDetail(atMoment), chain, anchor), path, anchor)
                : failure(structural, false, chain, anchor);
    }

    /**
     * The JDK takes a trust anchor's basic constraints on trust; Go and OpenSSL enforce its
     * pathLenConstraint like any CA's. {@code valid} unless the anchor allows fewer intermediates than the path has.
     */
    private static PathResult withinAnchorPathLength(PathResult valid, List<X509Certificate> path, X509Certificate anchor) {
        int limit = anchor.getBasicConstraints();
        int intermediates = path.size() - 1;
        if (limit < 0 || intermediates <= limit) {
            return valid;
        }
        return new PathResult(PathResult.Outcome.PATH_TOO_LONG, valid.datesValid(),
                "CA " + describe(anchor) + " allows " + limit + " intermediate CA(s) below it (pathLenConstraint " + limit + "), but the chain has "
                        + intermediates + " (" + String.join(", ", path.subList(1, path.size()).stream().map(PathValidator::describe).toList()) + ")",
                valid.chain(), anchor);
    }

    private static CertPathValidatorException run(List<X509Certificate> path, X509Certificate anchor, Instant at) {
        try {
            CertPath certPath = CertParser.X509_FACTORY.get().generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false); // revocation is the OCSP/CRL checks' job, done only when asked
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return null;
        } catch (CertPathValidatorException e) {
            return e;
        } catch (GeneralSecurityException e) {
            return new CertPathValidatorException(e.getMessage(), e);
        }
    }

    private static PathResult failure(CertPathValidatorException e, boolean datesValid, List<X509Certificate> chain, X509Certificate anchor) {
        CertPathValidatorException.Reason reason = e.getReason();
        PathResult.Outcome outcome;
        if (reason == PKIXReason.NOT_CA_CERT || reason == PKIXReason.INVALID_KEY_USAGE) {
            outcome = PathResult.Outcome.NOT_A_CA;
        } else if (reason == PKIXReason.PATH_TOO_LONG) {
            outcome = PathResult.Outcome.PATH_TOO_LONG;
        } else if (reason == BasicReason.INVALID_SIGNATURE) {
            outcome = PathResult.Outcome.BAD_SIGNATURE;
        } else if (reason == BasicReason.ALGORITHM_CONSTRAINED) {
            outcome = PathResult.Outcome.WEAK_ALGORITHM;
        } else if (reason == PKIXReason.NO_TRUST_ANCHOR) {
            outcome = PathResult.Outcome.NO_TRUSTED_ISSUER;
        } else {
            outcome = PathResult.Outcome.OTHER;
        }
        String at = e.getIndex() >= 0 && e.getIndex() < chain.size() ? " (at " + describe(chain.get(e.getIndex())) + ")" : "";
        return new PathResult(outcome, datesValid, "PKIX validation failed: " + e.getMessage() + at, chain, anchor);
    }

    private static boolean isDateReason(CertPathValidatorException e) {
        return e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID;
    }

    private static String dateDetail(CertPathValidatorException e) {
        return "PKIX validation failed: " + e.getMessage();
    }

    /** The middle of the window in which every certificate of the chain is valid, or null if there is none. */
    private static Instant commonValidity(List<X509Certificate> chain) {
        Instant start = Instant.MIN;
        Instant end = Instant.MAX;
        for (X509Certificate cert : chain) {
            Instant from = cert.getNotBefore().toInstant();
            Instant to = cert.getNotAfter().toInstant();
            start = from.isAfter(start) ? from : start;
            end = to.isBefore(end) ? to : end;
        }
        if (start.isAfter(end)) {
            return null;
        }
        return start.plusSeconds((end.getEpochSecond() - start.getEpochSecond()) / 2);
    }

    private static List<X509Certificate> named(Collection<X509Certificate> certs, X500Principal subject) {
        List<X509Certificate> named = new ArrayList<>();
        for (X509Certificate cert : certs) {
            if (cert.getSubjectX500Principal().equals(subject)) {
                named.add(cert);
            }
        }
        return named;
    }

    /**
     * The candidate whose key signed {@code cert}, preferring one valid at {@code at}: a CA renewed with
     * its old key (cockroach's CA rotation) sits in the bundle beside the expired original, and Go
     * builds the chain through whichever works.
     */
    private static X509Certificate signerAmong(X509Certificate cert, List<X509Certificate> candidates, Instant at) {
        X509Certificate signer = null;
        for (X509Certificate candidate : candidates) {
            try {
                cert.verify(candidate.getPublicKey());
            } catch (GeneralSecurityException | RuntimeException e) {
                continue; // not this one: try the next certificate of the same name
            }
            if (!at.isBefore(candidate.getNotBefore().toInstant()) && !at.isAfter(candidate.getNotAfter().toInstant())) {
                return candidate;
            }
            signer = signer == null ? candidate : signer;
        }
        return signer;
    }

    static String describe(X509Certificate cert) {
        return "'" + CertNames.shortName(cert.getSubjectX500Principal()) + "'";
    }

    private static String display(X500Principal name) {
        return "'" + CertNames.shortName(name) + "'";
    }
}
