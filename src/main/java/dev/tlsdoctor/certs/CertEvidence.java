package dev.tlsdoctor.certs;

import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * Evidence: one certificate file (or a chain served by an endpoint) and everything known about how it
 * will be judged.
 *
 * @param subject what findings name: the file path as the user gave it, or an endpoint
 * @param file the file, or null for a served chain
 * @param role the role CockroachDB gives it
 * @param argument the user of a client certificate, the tenant id of a tenant certificate, else null
 * @param certs the certificates in the file, in order (leaf first for non-CA roles)
 * @param encoding how the file was written
 * @param requiredUsages the extended key usages its role needs ({@link CertFacts#EKU_SERVER_AUTH}…)
 * @param hosts the names and addresses clients use to reach it, which must be in its SANs
 * @param verifications how it is verified, with results; empty for CA roles and when no CA is known
 * @param key its private key, or null where none belongs with it
 * @param certsDir the certs directory it is in, or null
 * @param splitNode whether the directory has {@code client.node.crt}, so {@code node.crt} is only a server certificate
 * @param keeper where it is kept when that is not a file on disk (a Kubernetes Secret), else null
 */
public record CertEvidence(
        String subject,
        Path file,
        CertRole role,
        String argument,
        List<X509Certificate> certs,
        CertParser.Encoding encoding,
        Set<String> requiredUsages,
        List<String> hosts,
        List<Verification> verifications,
        KeyFacts key,
        Path certsDir,
        boolean splitNode,
        CertKeeper keeper) implements Evidence {

    /** A certificate kept as a file (or served): fixes change the file. */
    public CertEvidence(String subject, Path file, CertRole role, String argument, List<X509Certificate> certs, CertParser.Encoding encoding,
            Set<String> requiredUsages, List<String> hosts, List<Verification> verifications, KeyFacts key, Path certsDir, boolean splitNode) {
        this(subject, file, role, argument, certs, encoding, requiredUsages, hosts, verifications, key, certsDir, splitNode, null);
    }

    /** This evidence, also verified as {@code more} say (a check a certs dir alone cannot make, e.g. against another Secret's CA). */
    public CertEvidence withVerifications(List<Verification> more) {
        List<Verification> all = new java.util.ArrayList<>(verifications);
        all.addAll(more);
        return new CertEvidence(subject, file, role, argument, certs, encoding, requiredUsages, hosts, List.copyOf(all), key, certsDir, splitNode, keeper);
    }

    public X509Certificate leaf() {
        return certs.get(0);
    }

    /** The file's certificates plus the intermediates path building found: everything judged with this file. */
    public List<X509Certificate> judgedCertificates() {
        java.util.LinkedHashSet<X509Certificate> all = new java.util.LinkedHashSet<>(certs);
        for (Verification v : verifications) {
            all.addAll(v.result().intermediates());
        }
        return List.copyOf(all);
    }
}
