package dev.tlsdoctor.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertFileName;
import dev.tlsdoctor.certs.CertKeeper;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.Hostnames;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How a certificate kept in a Secret is replaced: re-issued into a local directory and written back with
 * {@code kubectl create secret … | kubectl apply}, or, when cert-manager writes the Secret, by correcting its
 * {@code Certificate} and having cert-manager renew it. Then the pods restart: the chart and the operators copy
 * the certificates into the certs directory when a pod starts.
 */
final class SecretKeeper implements CertKeeper {
    static final String WORK_DIR = "new-certs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubeSecret secret;
    private final SecretMount mount;
    private final String statefulSet;
    private final KubeSecret clusterCa;

    /**
     * @param statefulSet the StatefulSet whose pods mount the Secret, or null when not known
     * @param clusterCa for a client Secret: the node Secret whose ca.crt the nodes verify clients with, or null
     */
    SecretKeeper(KubeSecret secret, SecretMount mount, String statefulSet, KubeSecret clusterCa) {
        this.secret = secret;
        this.mount = mount;
        this.clusterCa = clusterCa;
        String derived = derivedStatefulSet(secret);
        this.statefulSet = statefulSet != null ? statefulSet : derived != null || clusterCa == null ? derived : derivedStatefulSet(clusterCa);
    }

    @Override
    public String workDir() {
        return WORK_DIR;
    }

    @Override
    public String replace(CertEvidence cert, String issue, Collection<String> hosts) {
        String certificate = secret.certManagerCertificate();
        if (certificate != null) {
            return certManager(cert, certificate, hosts);
        }
        String certFile = mount.fileFor(keyOf(cert.file()));
        List<String> written = new ArrayList<>(List.of(certFile));
        if (!cert.role().isAuthority()) {
            written.add(CertFileName.keyFileFor(certFile));
            if (secret.entries().containsKey(mount.key(CertFileName.keyFileFor(certFile) + ".pk8"))) {
                written.add(CertFileName.keyFileFor(certFile) + ".pk8");
            }
        }
        List<String> lines = new ArrayList<>();
        String ca = mount.key(SecretMount.CA_CERT);
        String fetchCa;
        if (clusterCa != null && !cert.role().isAuthority()) {
            // issued by the nodes' CA, and trusting it: the client Secret's ca.crt is how its clients verify the nodes
            fetchCa = extract(clusterCa, SecretMount.CA_CERT, WORK_DIR + "/" + SecretMount.CA_CERT);
            written.add(0, SecretMount.CA_CERT);
        } else {
            fetchCa = secret.entries().containsKey(ca) ? extract(secret, ca, WORK_DIR + "/" + SecretMount.CA_CERT) : "cp <path-to-ca.crt> " + WORK_DIR + "/ca.crt";
        }
        lines.add("mkdir -p " + WORK_DIR + " && " + fetchCa);
        if (issue.startsWith("openssl req")) { // a certificate cockroach cert does not issue: a request with the key it has
            lines.add(extract(secret, mount.key(CertFileName.keyFileFor(certFile)), WORK_DIR + "/" + CertFileName.keyFileFor(certFile)));
        }
        lines.add(issue);
        lines.add(write(written.stream().map(file -> mount.key(file) + "=" + WORK_DIR + "/" + file).toList()));
        return String.join("\n", lines);
    }

    @Override
    public String location(String name) {
        return secret.location(mount.key(name));
    }

    @Override
    public String put(String name, String source) {
        return write(List.of(mount.key(name) + "=" + source));
    }

    @Override
    public String moveOut(Path entry, String safeDir) {
        String key = keyOf(entry);
        return "mkdir -p " + safeDir + " && " + extract(secret, key, safeDir + "/" + key) + " && chmod 600 " + safeDir + "/" + key + "\n"
                + "kubectl " + secret.namespaceFlag() + "patch secret " + secret.name() + " --type=json -p '[{\"op\":\"remove\",\"path\":\"/data/" + key + "\"}]'";
    }

    /**
     * Writes {@code KEY=FILE} entries into the Secret. kubectl apply merges them into the live Secret (keys not given stay);
     * the type is given because a Secret's type cannot change.
     */
    private String write(List<String> entries) {
        StringBuilder create = new StringBuilder("kubectl " + secret.namespaceFlag() + "create secret generic " + secret.name() + " --type=" + secret.type());
        entries.forEach(entry -> create.append(" --from-file=").append(entry));
        return create + " --dry-run=client -o yaml | kubectl apply -f -";
    }

    /** The Secret key an evidence path ({@code secret/ns/name:KEY}) names. */
    private String keyOf(Path entry) {
        return entry.toString().substring(secret.location().length() + 1);
    }

    @Override
    public String reload() {
        return "kubectl " + secret.namespaceFlag() + "rollout restart statefulset/" + (statefulSet != null ? statefulSet : "<statefulset>")
                + "   # the pods copy the certificates from the Secret when they start"
                + (secret.certManagerCertificate() != null ? "; wait until cert-manager has written the new one" : "");
    }

    /** The command that writes {@code from}'s {@code key} to the local {@code file}. */
    private static String extract(KubeSecret from, String key, String file) {
        return "kubectl " + from.namespaceFlag() + "get secret " + from.name() + " -o jsonpath='{.data." + key.replace(".", "\\.") + "}' | base64 -d > " + file;
    }

    /** cert-manager re-issues when the Certificate's spec changes and when told to renew: the spec as CockroachDB needs it, then a renewal. */
    private String certManager(CertEvidence cert, String certificate, Collection<String> hosts) {
        if (cert.role().isAuthority()) {
            return "# " + secret.location(mount.key(SecretMount.CA_CERT)) + " is the CA of the issuer of Certificate " + certificate
                    + "; renew that CA, see: kubectl " + secret.namespaceFlag() + "get certificate " + certificate + " -o jsonpath='{.spec.issuerRef}'";
        }
        ObjectNode spec = JSON.createObjectNode();
        boolean node = cert.role() == CertRole.NODE;
        if (node || cert.role() == CertRole.CLIENT) {
            spec.put("commonName", node ? "node" : cert.argument());
        }
        if (!hosts.isEmpty()) {
            hosts.stream().filter(h -> !Hostnames.isIpLiteral(h)).forEach(spec.putArray("dnsNames")::add);
            List<String> ips = hosts.stream().filter(Hostnames::isIpLiteral).toList();
            if (!ips.isEmpty()) {
                ips.forEach(spec.putArray("ipAddresses")::add);
            }
        }
        var usages = spec.putArray("usages").add("digital signature").add("key encipherment");
        if (cert.requiredUsages().contains(CertFacts.EKU_SERVER_AUTH)) {
            usages.add("server auth");
        }
        if (cert.requiredUsages().contains(CertFacts.EKU_CLIENT_AUTH)) {
            usages.add("client auth");
        }
        if (cert.leaf().getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
            spec.putObject("privateKey").put("algorithm", "RSA").put("size", 2048);
        }
        String patch = JSON.createObjectNode().set("spec", spec).toString();
        return "kubectl " + secret.namespaceFlag() + "patch certificate " + certificate + " --type=merge -p '" + patch + "'\n"
                + "cmctl renew " + secret.namespaceFlag() + certificate + "   # cert-manager writes the new certificate and key into " + secret.location();
    }

    /**
     * The StatefulSet the chart's self-signer names its node Secret after ({@code FULLNAME-node-secret}), else null: other
     * names do not tell it (the chart's defaults for its own Secrets, cockroachdb-node and cockroachdb-root, hold whatever the release).
     */
    private static String derivedStatefulSet(KubeSecret secret) {
        String suffix = "-node-secret";
        return secret.name().endsWith(suffix) && secret.name().length() > suffix.length()
                ? secret.name().substring(0, secret.name().length() - suffix.length()) : null;
    }
}
