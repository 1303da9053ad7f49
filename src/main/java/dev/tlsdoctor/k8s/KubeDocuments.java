package dev.tlsdoctor.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads what {@code kubectl get secret … -o yaml} or {@code -o json} printed: one Secret, a {@code List} of
 * them, or several YAML documents. Anything else is refused with one line naming the document and the problem.
 */
public final class KubeDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** kubectl's output for a namespace's Secrets can pass SnakeYAML's default limit of 3 MB. */
    private static final int MAX_CODE_POINTS = 64 << 20;
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private KubeDocuments() {}

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    /** The Secrets in {@code text}, read from {@code source} (a file name, or "stdin"). */
    public static List<KubeSecret> secrets(String source, String text) throws BadSecretException {
        List<JsonNode> documents = documents(source, text);
        List<KubeSecret> secrets = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            String document = documents.size() == 1 ? source : source + " document " + (i + 1);
            JsonNode node = documents.get(i);
            if (isList(node)) {
                JsonNode items = node.path("items");
                for (int j = 0; j < items.size(); j++) {
                    secrets.add(secret(document + " item " + (j + 1), items.get(j)));
                }
            } else {
                secrets.add(secret(document, node));
            }
        }
        if (secrets.isEmpty()) {
            throw new BadSecretException(source + ": no Secret in it (give the output of kubectl get secret NAME -o yaml)");
        }
        return secrets;
    }

    private static List<JsonNode> documents(String source, String text) throws BadSecretException {
        List<JsonNode> documents = new ArrayList<>();
        try {
            String start = text.stripLeading();
            if (start.startsWith("{")) {
                documents.add(JSON.readTree(text));
            } else {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
                    while (it.hasNextValue()) {
                        JsonNode node = it.nextValue();
                        if (node != null && !node.isNull() && !node.isMissingNode()) {
                            documents.add(node);
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage().lines().findFirst().orElse("").replaceFirst("\\s*\\(start marker at .*", "");
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new BadSecretException(source + ": not YAML or JSON" + where + ": " + problem);
        } catch (IOException | RuntimeException e) {
            throw new BadSecretException(source + ": not YAML or JSON: " + e.getMessage());
        }
        return documents;
    }

    private static boolean isList(JsonNode node) {
        return node.path("items").isArray() && node.path("kind").asText().endsWith("List");
    }

    private static KubeSecret secret(String document, JsonNode node) throws BadSecretException {
        if (!node.isObject()) {
            throw new BadSecretException(document + ": not a Kubernetes object");
        }
        String kind = node.path("kind").asText("");
        JsonNode metadata = node.path("metadata");
        String name = metadata.path("name").asText("");
        if (!kind.equals("Secret")) {
            throw new BadSecretException(document + (name.isEmpty() ? "" : " (" + name + ")") + ": " + notASecret(kind, node));
        }
        if (name.isEmpty()) {
            throw new BadSecretException(document + ": a Secret without metadata.name");
        }
        String namespace = metadata.path("namespace").isTextual() ? metadata.path("namespace").asText() : null;
        String type = node.path("type").asText(KubeSecret.OPAQUE_TYPE);
        String where = document + " (" + (namespace == null ? "secret/" + name : "secret/" + namespace + "/" + name) + ")";
        if (!type.equals(KubeSecret.OPAQUE_TYPE) && !type.equals(KubeSecret.TLS_TYPE)) {
            throw new BadSecretException(where + ": a Secret of type " + type + ", not one that holds certificates (Opaque or kubernetes.io/tls)");
        }
        Map<String, byte[]> entries = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> data = node.path("data").fields();
        while (data.hasNext()) {
            Map.Entry<String, JsonNode> entry = data.next();
            entries.put(entry.getKey(), decode(where, entry.getKey(), entry.getValue()));
        }
        // as the API server does: stringData is written over data
        Iterator<Map.Entry<String, JsonNode>> strings = node.path("stringData").fields();
        while (strings.hasNext()) {
            Map.Entry<String, JsonNode> entry = strings.next();
            entries.put(entry.getKey(), entry.getValue().asText().getBytes(StandardCharsets.UTF_8));
        }
        if (entries.isEmpty()) {
            throw new BadSecretException(where + ": no data (kubectl get secret prints it; a Secret listed without -o yaml|json has none)");
        }
        Map<String, String> annotations = new TreeMap<>();
        metadata.path("annotations").fields().forEachRemaining(a -> annotations.put(a.getKey(), a.getValue().asText()));
        return new KubeSecret(document, namespace, name, type, annotations, entries);
    }

    private static String notASecret(String kind, JsonNode node) {
        if (kind.isEmpty()) {
            return "not a Kubernetes object (no kind)";
        }
        if (kind.equals("Certificate") && node.path("spec").path("secretName").isTextual()) {
            return "a cert-manager Certificate, not a Secret; give the Secret it writes: kubectl get secret "
                    + node.path("spec").path("secretName").asText() + " -o yaml";
        }
        return "a " + kind + ", not a Secret";
    }

    private static byte[] decode(String where, String key, JsonNode value) throws BadSecretException {
        if (!value.isTextual()) {
            throw new BadSecretException(where + ": data[\"" + key + "\"] is not a base64 string");
        }
        try {
            return Base64.getDecoder().decode(value.asText().replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new BadSecretException(where + ": data[\"" + key + "\"] is not base64 (" + e.getMessage() + ")");
        }
    }
}
