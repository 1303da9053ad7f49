package dev.tlsdoctor.cli;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.k8s.BadSecretException;
import dev.tlsdoctor.k8s.Deployment;
import dev.tlsdoctor.k8s.KubeDocuments;
import dev.tlsdoctor.k8s.KubeSecret;
import dev.tlsdoctor.k8s.SecretEvidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Certificates as Kubernetes keeps them: Secrets as kubectl printed them, and the StatefulSet whose names they must carry. Shared by check and report. */
final class KubernetesOptions {
    /** Far above any real list of certificate Secrets (a Secret holds at most 1 MiB). */
    private static final int MAX_BYTES = 64 << 20;

    @Option(names = "--k8s-secret", paramLabel = "FILE|-",
            description = {"What kubectl get secret NAME -o yaml|json printed (- reads it from standard input): a Secret, a List of them, or several documents. Repeatable.",
                "Each Secret is judged as the certs directory the Helm chart or the operator mounts it as (tls.crt becomes node.crt or client.root.crt); findings name the Secret and key (secret/NS/NAME:tls.crt)."})
    List<String> secrets = new ArrayList<>();

    @Option(names = "--k8s-statefulset", paramLabel = "NAME",
            description = "The CockroachDB StatefulSet: the node certificate must carry the names its pods and services are reached by (each pod's NAME-i.NAME.NS and NAME-i.NAME.NS.svc.DOMAIN; NAME-public, NAME-public.NS, NAME-public.NS.svc.DOMAIN; localhost, 127.0.0.1), checked as --host is.")
    String statefulSet;

    @Option(names = "--namespace", paramLabel = "NS", description = "With --k8s-statefulset: its namespace (default: the values' region, else default).")
    String namespace;

    @Option(names = "--replicas", paramLabel = "N", description = "With --k8s-statefulset: how many pods (default: the values' replicas, else 3).")
    Integer replicas;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", description = "With --k8s-statefulset: the cluster's DNS domain (default: the values' clusterDomain, else cluster.local).")
    String clusterDomain;

    @Option(names = "--helm-values", paramLabel = "FILE",
            description = "The values file of the cockroachdb (or cockroachdb-parent) Helm chart: the StatefulSet's name (fullnameOverride), replicas, domain and the Secrets it mounts.")
    Path helmValues;

    private Deployment deployment;

    boolean hasSecrets() {
        return !secrets.isEmpty();
    }

    /** The host names the StatefulSet's nodes are reached by (none without --k8s-statefulset or --helm-values). */
    List<String> hosts() {
        return deployment().hostNames();
    }

    /**
     * The evidence from every --k8s-secret, judged with {@code hosts} as the names the node certificates must carry; {@code caKey}
     * (fix's --ca-key, or null) is the CA key their fixes sign with.
     */
    List<Evidence> evidence(List<String> hosts, Path caKey, Instant at) {
        if (secrets.stream().filter("-"::equals).count() > 1) {
            throw new UserError("--k8s-secret: - (standard input) given twice");
        }
        List<KubeSecret> all = new ArrayList<>();
        try {
            for (String source : secrets) {
                all.addAll(KubeDocuments.secrets(source.equals("-") ? "stdin" : source, read(source)));
            }
            return SecretEvidence.load(all, deployment().names(), hosts, caKey == null ? null : caKey.toString(), at);
        } catch (BadSecretException e) {
            throw new UserError("--k8s-secret " + e.getMessage());
        }
    }

    private Deployment deployment() {
        if (deployment == null) {
            try {
                deployment = Deployment.of(statefulSet, namespace, replicas, clusterDomain, helmValues);
            } catch (BadSecretException e) {
                throw new UserError(e.getMessage());
            }
        }
        return deployment;
    }

    private static String read(String source) {
        if (source.equals("-")) {
            return StandardInput.readText(MAX_BYTES);
        }
        try {
            if (Files.size(Path.of(source)) > MAX_BYTES) {
                throw new UserError("--k8s-secret " + source + ": larger than " + (MAX_BYTES >> 20) + " MiB, not what kubectl prints for Secrets");
            }
            return Files.readString(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new UserError("--k8s-secret " + source + ": no such file");
        } catch (IOException e) {
            throw new UserError("--k8s-secret " + source + ": cannot read: " + e.getMessage());
        }
    }
}
