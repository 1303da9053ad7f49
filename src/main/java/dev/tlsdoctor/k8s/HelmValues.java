package dev.tlsdoctor.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a values file of the cockroachdb Helm chart (or of the operator-managed cockroachdb-parent chart) says
 * about the names: the fullname (only {@code fullnameOverride} fixes it; otherwise it comes from the release
 * name, which the values do not hold), the cluster domain, the replicas, the namespace (the parent chart's
 * first region) and which Secrets are mounted as the node's and root's certificates. Values the file leaves
 * out take the chart's defaults.
 *
 * @param fullname the chart's fullname (the StatefulSet's name), or null when the file does not fix it
 * @param namespace the namespace, or null when the file does not say
 * @param replicas how many nodes
 * @param clusterDomain the cluster's DNS domain
 * @param operatorManaged whether it is the parent chart, whose operator also reaches the nodes through NAME-join
 * @param nodeSecret the Secret mounted as the node certificate (null: named after the fullname, by the self-signer)
 * @param rootClientSecret the Secret mounted as root's client certificate (null: named after the fullname)
 */
public record HelmValues(String fullname, String namespace, int replicas, String clusterDomain, boolean operatorManaged,
        String nodeSecret, String rootClientSecret) {
    private static final YAMLMapper YAML = new YAMLMapper();

    public static HelmValues read(Path file) throws BadSecretException {
        JsonNode values;
        try {
            values = YAML.readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new BadSecretException(file + ": not a Helm values file: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (values == null || !values.isObject()) {
            throw new BadSecretException(file + ": not a Helm values file (no mapping of values)");
        }
        JsonNode parent = values.path("cockroachdb");
        return parent.isObject() && parent.has("crdbCluster") ? parentChart(values) : chart(values);
    }

    /** The cockroachdb chart: a StatefulSet of its own. */
    private static HelmValues chart(JsonNode values) {
        JsonNode certs = values.path("tls").path("certs");
        boolean selfSigner = certs.path("selfSigner").path("enabled").asBoolean(true) && !certs.path("provided").asBoolean(false)
                && !certs.path("certManager").asBoolean(false);
        return new HelmValues(fullname(values.path("fullnameOverride")), null, values.path("statefulset").path("replicas").asInt(3),
                values.path("clusterDomain").asText("cluster.local"), false,
                selfSigner ? null : certs.path("nodeSecret").asText("cockroachdb-node"),
                selfSigner ? null : certs.path("clientRootSecret").asText("cockroachdb-root"));
    }

    /** The cockroachdb-parent chart: a CrdbCluster the operator turns into a StatefulSet of the same name. */
    private static HelmValues parentChart(JsonNode values) {
        JsonNode crdb = values.path("cockroachdb");
        JsonNode region = crdb.path("crdbCluster").path("regions").path(0);
        JsonNode tls = crdb.path("tls");
        String nodeSecret = null;
        String rootClientSecret = null;
        if (tls.path("certManager").path("enabled").asBoolean(false)) {
            nodeSecret = tls.path("certManager").path("nodeSecret").asText("cockroachdb-node");
            rootClientSecret = tls.path("certManager").path("clientRootSecret").asText("cockroachdb-root");
        } else if (tls.path("externalCertificates").path("enabled").asBoolean(false)) {
            JsonNode external = tls.path("externalCertificates").path("certificates");
            nodeSecret = external.path("nodeSecretName").asText(null);
            rootClientSecret = external.path("rootSqlClientSecretName").asText(null);
        }
        return new HelmValues(fullname(values.path("k8s").path("fullnameOverride")), region.path("namespace").asText(null),
                region.path("nodes").asInt(3), crdb.path("clusterDomain").asText("cluster.local"), true, nodeSecret, rootClientSecret);
    }

    /** The chart's fullname template applied to an override: at most 56 characters, no trailing dash. */
    private static String fullname(JsonNode override) {
        String name = override.asText("");
        if (name.isEmpty()) {
            return null;
        }
        name = name.length() > 56 ? name.substring(0, 56) : name;
        return name.endsWith("-") ? name.substring(0, name.length() - 1) : name;
    }
}
