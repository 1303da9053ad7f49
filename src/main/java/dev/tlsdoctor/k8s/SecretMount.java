package dev.tlsdoctor.k8s;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertParser;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which file of a pod's certs directory each key of a Secret becomes, as the Helm chart and the operators
 * mount it. A {@code kubernetes.io/tls}-style Secret ({@code ca.crt}, {@code tls.crt}, {@code tls.key}: cert-manager,
 * the chart's self-signer, the operator) is projected as {@code ca.crt} + {@code node.crt}/{@code node.key} when it
 * holds the node certificate, or + {@code client.root.crt}/{@code client.root.key} when it holds a client's; other keys
 * are not projected. A Secret whose keys are already CockroachDB file names ({@code kubectl create secret generic
 * --from-file=certs}, the chart's {@code tls.certs.provided}) is mounted whole. The self-signer's CA Secret
 * ({@code ca.crt} + {@code ca.key}) is not mounted into CockroachDB pods: only its {@code ca.crt} is judged.
 *
 * @param files each certs-dir file name and the Secret key it comes from, present or not (so a missing key can be named)
 */
record SecretMount(Map<String, String> files) {
    static final String TLS_CERT = "tls.crt";
    static final String TLS_KEY = "tls.key";
    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";

    static SecretMount of(KubeSecret secret, ChartNames names) throws BadSecretException {
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, byte[]> entries = secret.entries();
        if (entries.containsKey(TLS_CERT) || entries.containsKey(TLS_KEY)) {
            String stem = tlsStem(secret, names);
            files.put(CA_CERT, CA_CERT);
            files.put(stem + ".crt", TLS_CERT);
            files.put(stem + ".key", TLS_KEY);
        } else if (isCaStore(entries.keySet())) {
            files.put(CA_CERT, CA_CERT);
        } else {
            entries.keySet().forEach(key -> files.put(key, key));
        }
        return new SecretMount(files);
    }

    boolean holdsNodeCertificate() {
        return files.containsKey("node.crt");
    }

    boolean holdsClientCertificate() {
        return files.keySet().stream().anyMatch(f -> f.startsWith("client.") && f.endsWith(".crt"));
    }

    /** The Secret key the certs-dir file {@code name} comes from. */
    String key(String name) {
        return files.getOrDefault(name, name);
    }

    /** The certs-dir file the Secret key {@code key} becomes, or null when it is not mounted. */
    String fileFor(String key) {
        return files.entrySet().stream().filter(f -> f.getValue().equals(key)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** {@code node}, or {@code client.<user>}: what the chart and operators mount tls.crt as. */
    private static String tlsStem(KubeSecret secret, ChartNames names) throws BadSecretException {
        String name = secret.name();
        if (names.nodeSecrets().contains(name)) {
            return "node";
        }
        if (names.rootClientSecrets().contains(name)) {
            return "client.root";
        }
        // the names the self-signer and the operators give; a user's own client Secret is named <user>-client-secret
        if (name.endsWith("-node-secret") || name.endsWith("-node") || name.endsWith(".node")) {
            return "node";
        }
        if (name.endsWith("-root") || name.endsWith(".client.root")) {
            return "client.root";
        }
        String cn = commonName(secret);
        if (cn == null || cn.isEmpty()) {
            throw new BadSecretException(secret.location() + ": cannot tell whether it holds a node or a client certificate (its name is not one"
                    + " the Helm chart or the operator gives, and tls.crt has no CN); give --helm-values or --k8s-statefulset");
        }
        return cn.equals("node") ? "node" : "client." + cn;
    }

    private static String commonName(KubeSecret secret) {
        byte[] cert = secret.entries().get(TLS_CERT);
        if (cert == null || cert.length == 0) {
            return null;
        }
        try {
            X509Certificate leaf = CertParser.parse(Path.of(secret.location(TLS_CERT)), cert).certs().get(0);
            return CertNames.subjectAttribute(leaf, "CN");
        } catch (BadFileException | RuntimeException e) {
            return null; // the loader reports what is wrong with tls.crt; the name alone could not decide the role
        }
    }

    /** The CA Secret of the self-signer or the operator: the CA key and certificate, nothing a node mounts. */
    private static boolean isCaStore(java.util.Set<String> keys) {
        return keys.contains(CA_KEY) && keys.stream().allMatch(k -> k.equals(CA_KEY) || k.equals(CA_CERT));
    }
}
