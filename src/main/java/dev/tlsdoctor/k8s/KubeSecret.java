package dev.tlsdoctor.k8s;

import java.util.Map;

/**
 * A Kubernetes Secret as {@code kubectl get secret -o yaml|json} printed it, its {@code data} decoded.
 *
 * @param document where it was read, for messages (e.g. {@code secrets.yaml item 3})
 * @param namespace its namespace, or null when the document does not say (kubectl then uses the context's)
 * @param name its name
 * @param type its type ({@code Opaque} when the document gives none, as the API server does)
 * @param annotations its annotations (cert-manager names the Certificate that owns it there)
 * @param entries its keys and their decoded values, in key order
 */
public record KubeSecret(String document, String namespace, String name, String type, Map<String, String> annotations, Map<String, byte[]> entries) {
    public static final String TLS_TYPE = "kubernetes.io/tls";
    public static final String OPAQUE_TYPE = "Opaque";
    /** The annotation cert-manager puts on the Secrets it writes: the name of their Certificate. */
    static final String CERT_MANAGER_CERTIFICATE = "cert-manager.io/certificate-name";

    /** How findings name the Secret: {@code secret/NAMESPACE/NAME}. */
    public String location() {
        return namespace == null ? "secret/" + name : "secret/" + namespace + "/" + name;
    }

    /** How findings name one of its keys: {@code secret/NAMESPACE/NAME:KEY}. */
    public String location(String key) {
        return location() + ":" + key;
    }

    /** The cert-manager Certificate that writes this Secret, or null when cert-manager does not manage it. */
    public String certManagerCertificate() {
        return annotations.get(CERT_MANAGER_CERTIFICATE);
    }

    /** The {@code -n NAMESPACE } of a kubectl command for this Secret (empty when the document gives no namespace). */
    String namespaceFlag() {
        return namespace == null ? "" : "-n " + namespace + " ";
    }
}
