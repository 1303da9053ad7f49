package dev.tlsdoctor.k8s;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CockroachDB StatefulSet the Secrets are for, from the command line ({@code --k8s-statefulset}, {@code --namespace},
 * {@code --replicas}, {@code --cluster-domain}) over a Helm values file: the host names its node certificate must be valid
 * for, and the names of the Secrets its pods mount.
 *
 * @param hosts the host names, or null when no StatefulSet was named
 * @param names the Secrets' roles and the StatefulSet to restart
 */
public record Deployment(StatefulSetHosts hosts, ChartNames names) {
    public static final Deployment NONE = new Deployment(null, ChartNames.NONE);

    /** Any argument may be null (not given); with neither a StatefulSet nor values, {@link #NONE}. */
    public static Deployment of(String statefulSet, String namespace, Integer replicas, String clusterDomain, Path helmValues) throws BadSecretException {
        HelmValues values = helmValues == null ? null : HelmValues.read(helmValues);
        String name = statefulSet != null ? statefulSet : values != null ? values.fullname() : null;
        if (name == null) {
            if (values != null) {
                throw new BadSecretException(helmValues + ": sets no fullnameOverride, so the StatefulSet is named after the release;"
                        + " give --k8s-statefulset NAME (kubectl get statefulsets)");
            }
            if (namespace != null || replicas != null || clusterDomain != null) {
                throw new BadSecretException("--namespace, --replicas and --cluster-domain go with --k8s-statefulset or --helm-values");
            }
            return NONE;
        }
        String ns = namespace != null ? namespace : values != null && values.namespace() != null ? values.namespace() : "default";
        int n = replicas != null ? replicas : values != null ? values.replicas() : 3;
        if (n < 1) {
            throw new BadSecretException("--replicas: " + n + " (at least 1)");
        }
        String domain = clusterDomain != null ? clusterDomain : values != null ? values.clusterDomain() : "cluster.local";
        ChartNames conventions = ChartNames.forStatefulSet(name);
        Set<String> node = new LinkedHashSet<>(conventions.nodeSecrets());
        Set<String> root = new LinkedHashSet<>(conventions.rootClientSecrets());
        if (values != null && values.nodeSecret() != null) {
            node.add(values.nodeSecret());
        }
        if (values != null && values.rootClientSecret() != null) {
            root.add(values.rootClientSecret());
        }
        return new Deployment(new StatefulSetHosts(name, ns, n, domain, values != null && values.operatorManaged()),
                new ChartNames(name, Set.copyOf(node), Set.copyOf(root)));
    }

    /** The host names the node certificate must be valid for (none when no StatefulSet was named). */
    public List<String> hostNames() {
        return hosts == null ? List.of() : hosts.hosts();
    }
}
