package dev.tlsdoctor.ocsp;

import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.ocsp.CrlEvidence.Outcome;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * CRL lookups for one run: each distribution point is downloaded once (with the timeout and a size
 * cap), its signature checked once per issuer, then every certificate is looked up in it.
 */
final class CrlCheck {
    /** Large CAs publish CRLs of a few MiB; past this the download is refused. */
    static final int MAX_CRL_BYTES = 10 << 20;

    private final HttpFetcher http;
    private final Executor pool;
    private final Duration clockSkew;
    private final ConcurrentHashMap<String, CompletableFuture<Download>> downloads = new ConcurrentHashMap<>();
    /** Signature and issuer-name problems by URL and issuer, null-free: "" means the CRL verified. */
    private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

    /** A downloaded and parsed CRL, or why there is none (outcome UNREACHABLE or INVALID). */
    private record Download(X509CRL crl, Outcome failure, String problem) {}

    CrlCheck(HttpFetcher http, Executor pool, Duration clockSkew) {
        this.http = http;
        this.pool = pool;
        this.clockSkew = clockSkew;
    }

    /** Looks the link's certificate up in the CRL of each URL in turn, until one gives a verified CRL. */
    CompletableFuture<CrlEvidence> check(ChainLink link, List<String> urls) {
        return tryFrom(link, urls, 0, new ArrayList<>());
    }

    private CompletableFuture<CrlEvidence> tryFrom(ChainLink link, List<String> urls, int index, List<String> failures) {
        String url = urls.get(index);
        boolean[] reused = {true};
        CompletableFuture<Download> download = downloads.computeIfAbsent(url, u -> {
            reused[0] = false;
            return CompletableFuture.supplyAsync(() -> download(u), pool);
        });
        return download.thenCompose(d -> {
            CrlEvidence evidence = judge(link, urls, url, d, failures, reused[0]);
            boolean decided = evidence.outcome() == Outcome.NOT_REVOKED || evidence.outcome() == Outcome.REVOKED;
            if (decided || index + 1 == urls.size()) {
                return CompletableFuture.completedFuture(evidence);
            }
            failures.add(url + ": " + evidence.detail());
            return tryFrom(link, urls, index + 1, failures);
        });
    }

    private Download download(String url) {
        HttpFetcher.Fetched fetched;
        try {
            fetched = http.get(url, null, MAX_CRL_BYTES);
        } catch (HttpFetcher.FetchFailed e) {
            return new Download(null, Outcome.UNREACHABLE, e.getMessage());
        }
        if (fetched.status() != 200) {
            return new Download(null, Outcome.UNREACHABLE, "HTTP status " + fetched.status());
        }
        if (fetched.tooLarge()) {
            return new Download(null, Outcome.INVALID, "larger than " + (MAX_CRL_BYTES >> 20) + " MiB, so it was not read");
        }
        try {
            return new Download((X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(fetched.body())), null, null);
        } catch (CRLException | CertificateException | RuntimeException e) {
            return new Download(null, Outcome.INVALID, "not a CRL (neither DER nor PEM X.509 CRL; " + fetched.body().length + " bytes)");
        }
    }

    private CrlEvidence judge(ChainLink link, List<String> urls, String url, Download d, List<String> failures, boolean reused) {
        String earlier = failures.isEmpty() ? "" : " (before that, " + String.join("; ", failures) + ")";
        if (d.crl() == null) {
            return evidence(link, urls, url, d.failure(), d.problem() + earlier, null, null, null, null, reused);
        }
        X509CRL crl = d.crl();
        X509Certificate issuer = link.issuer();
        String problem = verified.computeIfAbsent(url + "|" + CertFacts.sha256Fingerprint(issuer), k -> verify(crl, issuer));
        if (!problem.isEmpty()) {
            return evidence(link, urls, url, Outcome.INVALID, problem + earlier, null, null, null, null, reused);
        }
        Instant thisUpdate = crl.getThisUpdate().toInstant();
        Instant nextUpdate = crl.getNextUpdate() != null ? crl.getNextUpdate().toInstant() : null;
        X509CRLEntry entry = crl.getRevokedCertificate(link.cert().getSerialNumber());
        if (entry == null) {
            return evidence(link, urls, url, Outcome.NOT_REVOKED, "not on the CRL" + earlier, thisUpdate, nextUpdate, null, null, reused);
        }
        Instant revokedAt = entry.getRevocationDate().toInstant();
        String reason = entry.getRevocationReason() != null ? RevocationWords.reason(entry.getRevocationReason().ordinal()) : null;
        return evidence(link, urls, url, Outcome.REVOKED, "on the CRL: revoked on " + RevocationWords.date(revokedAt)
                + (reason != null ? " (" + reason + ")" : "") + earlier, thisUpdate, nextUpdate, revokedAt, reason, reused);
    }

    /** "" when the CRL is the issuer's and its signature verifies with the issuer's key; else the problem. */
    private static String verify(X509CRL crl, X509Certificate issuer) {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return "the CRL is issued by " + RevocationWords.name(crl.getIssuerX500Principal()) + ", not by the certificate's issuer "
                    + RevocationWords.name(issuer.getSubjectX500Principal());
        }
        try {
            crl.verify(issuer.getPublicKey());
            return "";
        } catch (GeneralSecurityException | RuntimeException e) {
            return "bad signature: the CRL does not verify with the key of the issuer " + RevocationWords.name(issuer.getSubjectX500Principal());
        }
    }

    private CrlEvidence evidence(ChainLink link, List<String> urls, String url, Outcome outcome, String detail,
            Instant thisUpdate, Instant nextUpdate, Instant revokedAt, String reason, boolean reused) {
        String freshness = thisUpdate == null ? null : RevocationWords.freshness(thisUpdate, nextUpdate, Instant.now(), clockSkew);
        return new CrlEvidence(link.target(), urls, url, outcome, detail, thisUpdate, nextUpdate, revokedAt, reason, freshness, reused);
    }
}
