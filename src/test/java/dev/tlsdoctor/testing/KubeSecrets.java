package dev.tlsdoctor.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tlsdoctor.pki.Pki;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Secrets as {@code kubectl get secret NAME -o yaml|json} prints them (keys in kubectl's order, data base64), with the
 * certificates the Helm chart's self-signer, the operator and cert-manager put in them, issued at run time.
 */
public final class KubeSecrets {
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One Secret: its namespace, name, type, annotations and entries. */
    public record Secret(String namespace, String name, String type, Map<String, String> annotations, Map<String, byte[]> data) {
        public Secret with(String key, byte[] value) {
            Map<String, byte[]> copy = new TreeMap<>(data);
            copy.put(key, value);
            return new Secret(namespace, name, type, annotations, copy);
        }

        public Secret with(String key, String value) {
            return with(key, value.getBytes(StandardCharsets.UTF_8));
        }

        public Secret without(String key) {
            Map<String, byte[]> copy = new TreeMap<>(data);
            copy.remove(key);
            return new Secret(namespace, name, type, annotations, copy);
        }

        public Secret named(String newName) {
            return new Secret(namespace, newName, type, annotations, data);
        }

        ObjectNode node() {
            ObjectNode secret = JSON.createObjectNode();
            secret.put("apiVersion", "v1");
            ObjectNode encoded = secret.putObject("data");
            data.forEach((key, value) -> encoded.put(key, Base64.getEncoder().encodeToString(value)));
            secret.put("kind", "Secret");
            ObjectNode metadata = secret.putObject("metadata");
            if (!annotations.isEmpty()) {
                ObjectNode a = metadata.putObject("annotations");
                annotations.forEach(a::put);
            }
            metadata.put("creationTimestamp", "2026-11-02T09:14:07Z");
            metadata.put("name", name);
            metadata.put("namespace", namespace);
            metadata.put("resourceVersion", "48213");
            metadata.put("uid", "4c1f7d3e-2a7b-4f0e-9a51-" + String.format("%012x", Math.abs((long) name.hashCode())));
            secret.put("type", type);
            return secret;
        }

        public String yaml() {
            return write(YAML, node());
        }

        public String json() {
            return write(JSON.writerWithDefaultPrettyPrinter(), node());
        }
    }

    private KubeSecrets() {}

    /** A {@code kind: List} of Secrets, as {@code kubectl get secrets -o yaml} prints several. */
    public static String listYaml(List<Secret> secrets) {
        ObjectNode list = JSON.createObjectNode();
        list.put("apiVersion", "v1");
        var items = list.putArray("items");
        secrets.forEach(s -> items.add(s.node()));
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        return write(YAML, list);
    }

    /** The TLS Secret the chart's self-signer (and the operator, as Opaque) writes: ca.crt, tls.crt, tls.key. */
    public static Secret tls(String namespace, String name, String type, Pki.Issued ca, Pki.Issued cert) {
        Map<String, byte[]> data = new TreeMap<>();
        data.put("ca.crt", ca.certPem().getBytes(StandardCharsets.UTF_8));
        data.put("tls.crt", cert.certPem().getBytes(StandardCharsets.UTF_8));
        data.put("tls.key", cert.keyPem().getBytes(StandardCharsets.UTF_8));
        return new Secret(namespace, name, type, Map.of(), data);
    }

    /** What cert-manager writes for a Certificate: a kubernetes.io/tls Secret with its annotations. */
    public static Secret certManager(String namespace, String name, String certificate, Pki.Issued ca, Pki.Issued cert, String issuer) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("cert-manager.io/alt-names", String.join(",", dev.tlsdoctor.certs.CertNames.dnsNames(cert.cert())));
        annotations.put("cert-manager.io/certificate-name", certificate);
        annotations.put("cert-manager.io/common-name", dev.tlsdoctor.certs.CertNames.subjectAttribute(cert.cert(), "CN"));
        annotations.put("cert-manager.io/ip-sans", String.join(",", dev.tlsdoctor.certs.CertNames.ipAddresses(cert.cert())));
        annotations.put("cert-manager.io/issuer-group", "cert-manager.io");
        annotations.put("cert-manager.io/issuer-kind", "Issuer");
        annotations.put("cert-manager.io/issuer-name", issuer);
        annotations.put("cert-manager.io/uri-sans", "");
        Secret tls = tls(namespace, name, "kubernetes.io/tls", ca, cert);
        return new Secret(namespace, name, tls.type(), annotations, tls.data());
    }

    /** A Secret made with kubectl create secret generic NAME --from-file=DIR: the certs dir's files as keys (bring-your-own-certs). */
    public static Secret generic(String namespace, String name, Map<String, String> files) {
        Map<String, byte[]> data = new TreeMap<>();
        files.forEach((file, content) -> data.put(file, content.getBytes(StandardCharsets.UTF_8)));
        return new Secret(namespace, name, "Opaque", Map.of(), data);
    }

    private static String write(com.fasterxml.jackson.databind.ObjectWriter writer, Object node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(ObjectMapper mapper, Object node) {
        return write(mapper.writer(), node);
    }
}
