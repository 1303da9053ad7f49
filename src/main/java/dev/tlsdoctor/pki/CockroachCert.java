package dev.tlsdoctor.pki;

import dev.tlsdoctor.certs.CertFacts;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A node or client certificate as {@code cockroach cert create-node} / {@code create-client} makes it
 * (pkg/security/x509.go: newTemplate, GenerateServerCert, GenerateClientCert; pkg/cli/cert.go for the
 * lifetime): subject O=Cockroach, CN=node or CN=&lt;user&gt;; key usage digitalSignature and
 * keyEncipherment (critical); extended key usage serverAuth and clientAuth for a node, clientAuth for a
 * client; hosts as DNS or IP SANs; valid from one day back for 5 × 366 days. Where cockroach cert refuses
 * a certificate that would outlive its CA (checkLifetimeAgainstCA), this one ends with the CA instead, and
 * says so in {@link #clampedToCa()}.
 *
 * @param commonName the CN
 * @param sans the SANs in {@link Pki.Builder#sans} form: IP literals, DNS names, {@code URI:…}
 * @param node serverAuth and clientAuth when true, clientAuth only when false
 * @param notBefore the start of validity
 * @param notAfter the end of validity
 * @param clampedToCa whether the end was cut to the CA's own end
 */
public record CockroachCert(String commonName, List<String> sans, boolean node, Instant notBefore, Instant notAfter, boolean clampedToCa) {
    /** pkg/cli/cert.go defaultCertLifetime: 366 days a year so leap years do not cut it short. */
    public static final Duration LIFETIME = Duration.ofDays(5 * 366);
    /** pkg/security/x509.go validFrom: a day back, for clock skew. */
    public static final Duration VALID_FROM = Duration.ofDays(1);
    /** pkg/cli/cert.go defaultKeySize. */
    public static final String KEY_KIND = "RSA:2048";

    public static CockroachCert node(List<String> hosts, X509Certificate ca, Instant now) {
        return of("node", hosts, true, ca, now);
    }

    public static CockroachCert client(String user, List<String> sans, X509Certificate ca, Instant now) {
        return of(user, sans, false, ca, now);
    }

    private static CockroachCert of(String cn, List<String> sans, boolean node, X509Certificate ca, Instant at) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // what a certificate can hold
        Instant end = now.plus(LIFETIME);
        Instant caEnd = CertFacts.notAfter(ca);
        boolean clamped = caEnd.isBefore(end);
        return new CockroachCert(cn, List.copyOf(sans), node, now.minus(VALID_FROM), clamped ? caEnd : end, clamped);
    }

    /** The extended key usages by name, as the plan prints them. */
    public List<String> extendedKeyUsages() {
        return node ? List.of("serverAuth", "clientAuth") : List.of("clientAuth");
    }

    /** Signs this certificate for {@code keys}' public key with {@code ca}'s key. */
    public X509Certificate issue(Pki.Issued ca, KeyPair keys) {
        Pki.Builder builder = ca.issue(commonName).keyPair(keys).validFrom(notBefore).validUntil(notAfter)
                .sans(sans.toArray(String[]::new));
        return (node ? builder.serverAndClient() : builder.clientAuth()).build().cert();
    }

    /** The lines a plan shows for it: subject, SANs, usages, validity. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("subject O=Cockroach, CN=" + commonName);
        lines.add("SANs " + (sans.isEmpty() ? "(none)" : String.join(", ", sans)));
        lines.add("key usage digitalSignature, keyEncipherment; extended key usage " + String.join(", ", extendedKeyUsages()));
        lines.add("valid " + notBefore + " to " + notAfter + (clampedToCa ? " (cut to the CA's own end; cockroach cert would refuse)" : " (5 × 366 days, as cockroach cert)"));
        return lines;
    }
}
