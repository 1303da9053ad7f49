package dev.tlsdoctor.k8s;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.PathValidator;
import dev.tlsdoctor.certs.TrustPool;
import dev.tlsdoctor.certs.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Evidence from Secrets, for the same rules a certs directory is judged by: each Secret is read as the certs
 * directory a pod mounts it as, then the Secrets of one namespace are checked against each other as the pods use
 * them: nodes verify client certificates with the node Secret's {@code ca.crt}, clients verify the node
 * certificate with their own Secret's {@code ca.crt} (a client Secret re-created by a re-install is signed by
 * another CA and fails both ways).
 */
public final class SecretEvidence {
    private SecretEvidence() {}

    /**
     * @param hosts the names clients and nodes use to reach the nodes: they must be in the node certificates' SANs
     */
    public static List<Object> load(List<KubeSecret> secrets, ChartNames names, List<String> hosts, Instant at) throws BadSecretException {
        List<Loaded> loaded = new ArrayList<>();
        for (KubeSecret secret : secrets) {
            SecretMount mount = SecretMount.of(secret, names);
            SecretCertsDir dir = new SecretCertsDir(secret, mount, new SecretKeeper(secret, mount, names.statefulSet()));
            try {
                loaded.add(new Loaded(secret, new CertsDirLoader(dir, hosts, null, at).load()));
            } catch (BadFileException e) {
                throw new BadSecretException(secret.document() + ": " + e.getMessage()); // an in-memory directory always lists
            }
        }
        List<Object> evidence = new ArrayList<>();
        for (Loaded secret : loaded) {
            for (Object item : secret.evidence()) {
                evidence.add(item instanceof CertEvidence cert ? crossChecked(cert, secret, loaded, at) : item);
            }
        }
        return evidence;
    }

    private record Loaded(KubeSecret secret, List<Object> evidence) {
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

    /** {@code cert} also verified by the other Secrets' CAs that judge it in the pods: the node Secrets' for clients, the client Secrets' for nodes. */
    private static CertEvidence crossChecked(CertEvidence cert, Loaded own, List<Loaded> all, Instant at) {
        CertRole judge = switch (cert.role()) {
            case NODE -> CertRole.CLIENT;
            case CLIENT -> CertRole.NODE;
            default -> null;
        };
        if (judge == null) {
            return cert;
        }
        List<Verification> more = new ArrayList<>();
        for (Loaded other : all) {
            TrustPool ca = other.ca();
            if (!own.sameNamespace(other) || other.find(judge) == null || ca == null || ca.anchors().isEmpty()
                    || ca.anchors().equals(own.ca() == null ? null : own.ca().anchors())) {
                continue; // the same CA certificates as its own: verified already
            }
            String use = judge == CertRole.NODE ? "as a client certificate by the nodes, which trust " : "as the node certificate by the clients of ";
            more.add(new Verification(use + other.secret().location(), ca,
                    PathValidator.validate(cert.leaf(), cert.certs().subList(1, cert.certs().size()), ca, at), null));
        }
        return more.isEmpty() ? cert : cert.withVerifications(more);
    }
}
