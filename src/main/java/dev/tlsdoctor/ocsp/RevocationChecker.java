package dev.tlsdoctor.ocsp;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.ocsp.OcspAnswer.Outcome;
import dev.tlsdoctor.ocsp.OcspExchange.Style;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gathers revocation evidence for certificates: OCSP as CockroachDB asks (SHA-256 CertID, POST, no
 * nonce) and as most clients ask (SHA-1 CertID, nonce, GET), and the CRL where the certificate names
 * one. Every certificate of a chain that is not its root is checked, with the next certificate as
 * issuer, all concurrently. Within one run an answer is reused while it is valid (before its
 * nextUpdate), so repeated certificates, such as the intermediate above a thousand leaves, cost one
 * request.
 *
 * <p>Used by {@code tls-doctor ocsp}, {@code check --ocsp} and (with a served chain) {@code probe --ocsp}.
 */
public final class RevocationChecker {
    /** Concurrent HTTP calls: enough to hide latency, few enough to be polite to a responder. */
    private static final int CONCURRENCY = 8;

    /**
     * The evidence gathered ({@link OcspEvidence} and {@link CrlEvidence} per certificate, then a
     * {@link ResponderEvidence} per responder) and what it cost.
     *
     * @param requestsSent HTTP requests that went on the wire (OCSP and CRL)
     * @param answersReused OCSP answers taken from an identical earlier request in this run instead of asking again
     */
    public record Result(List<Evidence> evidence, int requestsSent, int answersReused) {}

    private RevocationChecker() {}

    /**
     * Checks the certificates CockroachDB would check among {@code certs}: every role that is presented
     * in a TLS handshake CockroachDB verifies (not CA files, not the DB Console's ui.crt, not tenant
     * signing certificates), each with its chain as path validation built it.
     */
    public static Result check(List<CertEvidence> certs, RevocationOptions options) {
        List<ChainLink> links = new ArrayList<>();
        for (CertEvidence e : certs) {
            links.addAll(links(e));
        }
        return checkLinks(links, options);
    }

    /**
     * Problems that prevent checking at all, one line each: certificates that name an OCSP responder or
     * CRL (or would be asked at {@code options.responderUrl()}) but whose issuer was not found, so no
     * request can identify them.
     */
    public static List<String> uncheckable(List<CertEvidence> certs, RevocationOptions options) {
        List<String> problems = new ArrayList<>();
        for (CertEvidence e : certs) {
            for (ChainLink link : links(e)) {
                boolean wantsCheck = options.responderUrl() != null || !CertUrls.ocsp(link.cert()).isEmpty() || !CertUrls.crl(link.cert()).isEmpty();
                if (link.issuer() == null && wantsCheck) {
                    problems.add(e.subject() + ": cannot find the issuer '" + link.target().issuer() + "' of " + link.target().certificate()
                            + ", which OCSP and CRL checks need; give it with --issuer FILE (or --certs-dir DIR)");
                }
            }
        }
        return problems;
    }

    /** The certificates to check in {@code e}'s chains, each with its issuer (null for a leaf whose issuer was not found). */
    static List<ChainLink> links(CertEvidence e) {
        if (e.role().isAuthority() || e.role() == CertRole.UI || e.role() == CertRole.TENANT_SIGNING) {
            return List.of();
        }
        List<List<X509Certificate>> chains = new ArrayList<>();
        for (Verification v : e.verifications()) {
            chains.add(v.result().chain());
        }
        if (chains.isEmpty()) {
            chains.add(signedPrefix(e.certs()));
        }
        Map<X509Certificate, ChainLink> links = new LinkedHashMap<>();
        for (List<X509Certificate> chain : chains) {
            for (int i = 0; i < chain.size() && !CertFacts.isSelfIssued(chain.get(i)); i++) {
                X509Certificate cert = chain.get(i);
                X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : null;
                ChainLink known = links.get(cert);
                if ((issuer != null || i == 0) && (known == null || known.issuer() == null)) {
                    links.put(cert, new ChainLink(target(e, cert, issuer, i == 0), cert, issuer));
                }
            }
        }
        return List.copyOf(links.values());
    }

    private static RevocationTarget target(CertEvidence e, X509Certificate cert, X509Certificate issuer, boolean leaf) {
        String name = "'" + CertNames.shortName(cert.getSubjectX500Principal()) + "'";
        return new RevocationTarget(e.subject(), leaf ? "the certificate " + name : "intermediate " + name,
                CertFacts.serialHex(cert),
                CertNames.shortName(issuer != null ? issuer.getSubjectX500Principal() : cert.getIssuerX500Principal()),
                leaf, e);
    }

    /** The file's certificates from the first, as long as each is signed by the next. */
    private static List<X509Certificate> signedPrefix(List<X509Certificate> certs) {
        List<X509Certificate> chain = new ArrayList<>(List.of(certs.get(0)));
        for (int i = 1; i < certs.size(); i++) {
            try {
                chain.get(i - 1).verify(certs.get(i).getPublicKey());
            } catch (GeneralSecurityException | RuntimeException notIssuer) {
                break;
            }
            chain.add(certs.get(i));
        }
        return chain;
    }

    private static Result checkLinks(List<ChainLink> links, RevocationOptions options) {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, task -> {
            Thread thread = new Thread(task, "tls-doctor-revocation");
            thread.setDaemon(true);
            return thread;
        });
        try (HttpFetcher http = new HttpFetcher(options.timeout())) {
            Run run = new Run(http, pool, options);
            List<CompletableFuture<List<Evidence>>> pending = links.stream().map(run::check).toList();
            List<Evidence> evidence = new ArrayList<>();
            for (CompletableFuture<List<Evidence>> one : pending) {
                evidence.addAll(one.join());
            }
            evidence.addAll(responders(evidence, options));
            return new Result(evidence, http.requestsSent(), run.reused.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One run's requests and its cache of answers. */
    private static final class Run {
        private record Key(String url, Style style, BigInteger serial, String issuerFingerprint) {}

        private final HttpFetcher http;
        private final ExecutorService pool;
        private final RevocationOptions options;
        private final CrlCheck crl;
        private final ConcurrentHashMap<Key, CompletableFuture<OcspAnswer>> answers = new ConcurrentHashMap<>();
        private final AtomicInteger reused = new AtomicInteger();

        Run(HttpFetcher http, ExecutorService pool, RevocationOptions options) {
            this.http = http;
            this.pool = pool;
            this.options = options;
            this.crl = new CrlCheck(http, pool, options.clockSkew());
        }

        CompletableFuture<List<Evidence>> check(ChainLink link) {
            List<String> aia = CertUrls.ocsp(link.cert());
            List<String> urls = link.target().leaf() && options.responderUrl() != null ? List.of(options.responderUrl()) : aia;
            CompletableFuture<List<Evidence>> result = CompletableFuture.<List<Evidence>>completedFuture(new ArrayList<>());
            if (urls.isEmpty()) {
                result = add(result, CompletableFuture.completedFuture(
                        new OcspEvidence(link.target(), aia, urls, options.mode(), options.timeout(), List.of(), List.of())));
            } else if (link.issuer() != null) {
                CompletableFuture<List<OcspAnswer>> cockroach = askInOrder(link, urls, Style.COCKROACH, 0, List.of());
                CompletableFuture<List<OcspAnswer>> standard = askInOrder(link, urls, Style.STANDARD, 0, List.of());
                result = add(result, cockroach.thenCombine(standard,
                        (c, s) -> new OcspEvidence(link.target(), aia, urls, options.mode(), options.timeout(), c, s)));
            }
            List<String> crlUrls = CertUrls.crl(link.cert());
            if (!crlUrls.isEmpty() && link.issuer() != null) {
                result = add(result, crl.check(link, crlUrls));
            }
            return result;
        }

        private static CompletableFuture<List<Evidence>> add(CompletableFuture<List<Evidence>> list, CompletableFuture<? extends Evidence> item) {
            return list.thenCombine(item, (l, i) -> {
                l.add(i);
                return l;
            });
        }

        /** CockroachDB's order: each URL in turn until one gives a definitive answer. */
        private CompletableFuture<List<OcspAnswer>> askInOrder(ChainLink link, List<String> urls, Style style, int index, List<OcspAnswer> earlier) {
            return ask(link, urls.get(index), style).thenCompose(answer -> {
                List<OcspAnswer> all = new ArrayList<>(earlier);
                all.add(answer);
                if (answer.outcome().isDefinitive() || index + 1 == urls.size()) {
                    return CompletableFuture.completedFuture(List.copyOf(all));
                }
                return askInOrder(link, urls, style, index + 1, all);
            });
        }

        /** The answer to this exact request: reused while valid (or in flight), else asked now. */
        private CompletableFuture<OcspAnswer> ask(ChainLink link, String url, Style style) {
            Key key = new Key(url, style, link.cert().getSerialNumber(), CertFacts.sha256Fingerprint(link.issuer()));
            while (true) {
                CompletableFuture<OcspAnswer> cached = answers.get(key);
                if (cached != null && (!cached.isDone() || isReusable(cached.join()))) {
                    reused.incrementAndGet();
                    return cached.thenApply(OcspAnswer::asReused);
                }
                CompletableFuture<OcspAnswer> fresh = new CompletableFuture<>();
                boolean ours = cached == null ? answers.putIfAbsent(key, fresh) == null : answers.replace(key, cached, fresh);
                if (ours) {
                    pool.execute(() -> {
                        try {
                            fresh.complete(OcspExchange.ask(http, url, style, link.cert(), link.issuer(), options.clockSkew()));
                        } catch (RuntimeException e) {
                            fresh.completeExceptionally(e);
                        }
                    });
                    return fresh;
                }
            }
        }

        /**
         * A signed answer is reused while it is current, up to its nextUpdate (never when it has none); a failure is reused for
         * the rest of the run, so a dead responder costs one timeout, not one per certificate.
         */
        private static boolean isReusable(OcspAnswer answer) {
            return switch (answer.outcome()) {
                case GOOD, REVOKED, UNKNOWN -> answer.freshnessProblem() == null && answer.nextUpdate() != null
                        && Instant.now().isBefore(answer.nextUpdate());
                default -> true;
            };
        }
    }

    /** Per responder: how many certificates name it, what was sent to it, and how it answered. */
    private static List<ResponderEvidence> responders(List<Evidence> evidence, RevocationOptions options) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (Object item : evidence) {
            if (!(item instanceof OcspEvidence ocsp) || ocsp.cockroach().isEmpty()) {
                continue;
            }
            for (String url : ocsp.urls()) {
                Tally t = tallies.computeIfAbsent(url, u -> new Tally());
                t.certificates++;
                t.soleResponderFor += ocsp.urls().size() == 1 ? 1 : 0;
            }
            List<OcspAnswer> all = new ArrayList<>(ocsp.cockroach());
            all.addAll(ocsp.standard());
            for (OcspAnswer a : all) {
                if (!a.reused()) {
                    tallies.computeIfAbsent(a.url(), u -> new Tally()).count(a);
                }
            }
        }
        List<ResponderEvidence> out = new ArrayList<>();
        tallies.forEach((url, t) -> out.add(new ResponderEvidence(url, options.mode(), options.timeout(), t.certificates,
                t.soleResponderFor, t.requests, t.unreachable, t.slowestMillis, t.nonceEchoed, t.nonceOmitted)));
        return out;
    }

    private static final class Tally {
        int certificates;
        int soleResponderFor;
        int requests;
        int unreachable;
        long slowestMillis;
        int nonceEchoed;
        int nonceOmitted;

        void count(OcspAnswer a) {
            requests++;
            unreachable += a.outcome() == Outcome.UNREACHABLE ? 1 : 0;
            slowestMillis = Math.max(slowestMillis, a.elapsedMillis());
            nonceEchoed += a.nonce() == OcspAnswer.Nonce.ECHOED ? 1 : 0;
            nonceOmitted += a.nonce() == OcspAnswer.Nonce.OMITTED ? 1 : 0;
        }
    }
}
