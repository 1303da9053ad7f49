package dev.tlsdoctor.k8s;

import java.util.Set;

/**
 * What is known of the deployment the Secrets belong to, from {@code --k8s-statefulset} or the Helm values:
 * which Secrets the chart mounts as the node's and as root's certificates, and the StatefulSet to restart.
 *
 * @param statefulSet the StatefulSet's name (the chart's fullname), or null when not known
 * @param nodeSecrets names of Secrets mounted as the node certificate
 * @param rootClientSecrets names of Secrets mounted as root's client certificate
 */
public record ChartNames(String statefulSet, Set<String> nodeSecrets, Set<String> rootClientSecrets) {
    public static final ChartNames NONE = new ChartNames(null, Set.of(), Set.of());

    /** The Secrets the chart's self-signer and the operator write for the StatefulSet {@code name}. */
    public static ChartNames forStatefulSet(String name) {
        return new ChartNames(name, Set.of(name + "-node-secret", name + "-node"), Set.of(name + "-client-secret", name + "-root"));
    }
}
