package dev.tlsdoctor.k8s;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.PathValidator;
import dev.tlsdoctor.certs.TrustPool;
import dev.tlsdoctor.certs.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evidence from Secrets, for the same rules a certs directory is judged by: each Secret is read as the certs
 * directory a pod mounts it as, then the client Secrets of a namespace are checked as its nodes check them: against
 * the node Secret's {@code ca.crt} (a client Secret re-created by a re-install is signed by another CA).
 */
public final class SecretEvidence {
    private SecretEvidence() {}

    /**
     * @param hosts the names clients and nodes use to reach the nodes: they must be in the node certificates' SANs
     * @param caKeyFile the local file of the CA key the fixes sign with ({@code fix --ca-key}), or null
     */
    public static List<Evidence> load(List<KubeSecret> secrets, ChartNames names, List<String> hosts, String caKeyFile, Instant at) throws BadSecretException {
        Map<KubeSecret, SecretMount> mounts = new LinkedHashMap<>();
        for (KubeSecret secret : secrets) {
            mounts.put(secret, SecretMount.of(secret, names));
        }
        List<Loaded> loaded = new ArrayList<>();
        for (KubeSecret secret : secrets) {
            SecretMount mount = mounts.get(secret);
            KubeSecret clusterCa = mount.holdsClientCertificate() ? nodeSecret(secret, mounts) : null;
            SecretKeeper keeper = new SecretKeeper(secret, mount, names.statefulSet(), clusterCa, caSecret(secret, secrets), caKeyFile, hosts);
            SecretCertsDir dir = new SecretCertsDir(secret, mount, keeper);
            try {
                loaded.add(new Loaded(secret, new CertsDirLoader(dir, hosts, null, at).load()));
            } catch (BadFileException e) {
                throw new BadSecretException(secret.document() + ": " + e.getMessage()); // an in-memory directory always lists
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        for (Loaded secret : loaded) {
            for (Evidence item : secret.evidence()) {
                evidence.add(item instanceof CertEvidence cert ? crossChecked(cert, secret, loaded, at) : item);
            }
        }
        return evidence;
    }

    /** The one node Secret in {@code secret}'s namespace: its ca.crt is the CA the nodes verify clients with. Null when there is none, or several. */
    private static KubeSecret nodeSecret(KubeSecret secret, Map<KubeSecret, SecretMount> mounts) {
        List<KubeSecret> nodes = mounts.entrySet().stream()
                .filter(m -> m.getKey() != secret && Objects.equals(m.getKey().namespace(), secret.namespace()) && m.getValue().holdsNodeCertificate())
                .map(Map.Entry::getKey).toList();
        return nodes.size() == 1 ? nodes.get(0) : null;
    }

    /** The one Secret in {@code secret}'s namespace that keeps a CA key and certificate only (the self-signer's, the operator's), or null. */
    private static String caSecret(KubeSecret secret, List<KubeSecret> secrets) {
        List<String> stores = secrets.stream()
                .filter(s -> Objects.equals(s.namespace(), secret.namespace()) && SecretMount.isCaStore(s.entries().keySet())).map(KubeSecret::name).toList();
        return stores.size() == 1 ? stores.get(0) : null;
    }

    private record Loaded(KubeSecret secret, List<Evidence> evidence) {
        CertEvidence find(CertRole role) {
            return evidence.stream().filter(e -> e instanceof CertEvidence c && c.role() == role).map(CertEvidence.class::cast).findFirst().orElse(null);
        }

        TrustPool ca() {
            CertEvidence ca = find(CertRole.CA);
            return ca == null ? null : new TrustPool(ca.subject(), ca.certs());
        }

        boolean sameNamespace(Loaded other) {
            return other != this && Objects.equals(secret.namespace(), other.secret().namespace());
        }
    }

    /**
     * A client certificate also verified by the CA of the node Secrets of its namespace, as the nodes verify it. (That the
     * client Secret's own ca.crt verifies the node certificate follows when its certificate and ca.crt are from one CA;
     * the fix re-issues it from the nodes' CA and writes that CA into its ca.crt.)
     */
    private static CertEvidence crossChecked(CertEvidence cert, Loaded own, List<Loaded> all, Instant at) {
        if (cert.role() != CertRole.CLIENT) {
            return cert;
        }
        List<Verification> more = new ArrayList<>();
        for (Loaded other : all) {
            TrustPool ca = other.ca();
            if (!own.sameNamespace(other) || other.find(CertRole.NODE) == null || ca == null || ca.anchors().isEmpty()
                    || ca.anchors().equals(own.ca() == null ? null : own.ca().anchors())) {
                continue; // the same CA certificates as its own: verified already
            }
            more.add(new Verification("as a client certificate by the nodes, which trust " + other.secret().location(), ca,
                    PathValidator.validate(cert.leaf(), cert.certs().subList(1, cert.certs().size()), ca, at), null));
        }
        return more.isEmpty() ? cert : cert.withVerifications(more);
    }
}
