package dev.tlsdoctor.ocsp;

import dev.tlsdoctor.certs.CertFacts;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * For the fuzz targets ({@code dev.tlsdoctor.fuzz}): this package's handling of an OCSP responder's
 * answer and of a downloaded CRL, asked for over HTTP at a loopback URL exactly as in a real run.
 */
public final class RevocationParsers {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final HttpFetcher HTTP = new HttpFetcher(TIMEOUT);

    private RevocationParsers() {}

    /** Asks {@code url} about {@code cert} as CockroachDB asks ({@code cockroach}), else as openssl does; the verified verdict. */
    public static OcspAnswer ocsp(String url, boolean cockroach, X509Certificate cert, X509Certificate issuer) {
        return OcspExchange.ask(HTTP, url, cockroach ? OcspExchange.Style.COCKROACH : OcspExchange.Style.STANDARD, cert, issuer, CLOCK_SKEW);
    }

    /** Downloads the CRL at {@code url}, verifies it against {@code issuer} and looks {@code cert} up in it. */
    public static CrlEvidence crl(String url, X509Certificate cert, X509Certificate issuer) {
        return new CrlCheck(HTTP, Runnable::run, CLOCK_SKEW).check(new ChainLink(target(cert), cert, issuer), List.of(url)).join();
    }

    public static RevocationTarget target(X509Certificate cert) {
        return new RevocationTarget("node.crt", "the certificate 'node'", CertFacts.serialHex(cert), "Cockroach CA", true, null);
    }
}
