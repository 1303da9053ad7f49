package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.PathResult;
import dev.tlsdoctor.common.Evidence;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Evidence: whether an endpoint sends the intermediates its certificate needs.
 *
 * @param subject the endpoint, as findings name it
 * @param served the certificates the server sent, leaf first
 * @param poolName the trust anchors' name (e.g. certs/ca.crt)
 * @param asServed path validation with only what the server sent
 * @param withLocal path validation with our local intermediates added
 * @param neededLocal intermediates the server did not send that {@code withLocal} used, with where we found them
 * @param topHasIssuerUrl whether the top certificate sent names where its issuer can be fetched (AIA caIssuers):
 *     the mark of an issuer that is an intermediate, not a root
 */
public record ServedChain(
        String subject,
        List<X509Certificate> served,
        String poolName,
        PathResult asServed,
        PathResult withLocal,
        List<TrustSources.LocalCert> neededLocal,
        boolean topHasIssuerUrl) implements Evidence {}
