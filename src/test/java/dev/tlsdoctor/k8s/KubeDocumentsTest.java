package dev.tlsdoctor.k8s;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tlsdoctor.testing.KubeSecrets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What kubectl prints, read back: YAML and JSON, Lists, several documents, and every kind of input that is not a certificate Secret. */
class KubeDocumentsTest {
    private static final KubeSecrets.Secret SECRET = KubeSecrets.generic("crdb", "cockroachdb.node", Map.of("ca.crt", "CA", "node.crt", "NODE"));

    @Test
    void aSecretInYamlOrJsonIsDecoded() throws BadSecretException {
        for (String text : List.of(SECRET.yaml(), SECRET.json())) {
            KubeSecret secret = KubeDocuments.secrets("node.yaml", text).get(0);
            assertEquals("secret/crdb/cockroachdb.node", secret.location());
            assertEquals("secret/crdb/cockroachdb.node:node.crt", secret.location("node.crt"));
            assertEquals("Opaque", secret.type());
            assertArrayEquals("NODE".getBytes(StandardCharsets.UTF_8), secret.entries().get("node.crt"));
            assertEquals("node.yaml", secret.document());
        }
    }

    @Test
    void aListAndSeveralDocumentsGiveEverySecretNamedByItsPlace() throws BadSecretException {
        String list = KubeSecrets.listYaml(List.of(SECRET, SECRET.named("two")));
        List<KubeSecret> secrets = KubeDocuments.secrets("all.yaml", list + "---\n" + SECRET.named("three").yaml());
        assertEquals(List.of("all.yaml document 1 item 1", "all.yaml document 1 item 2", "all.yaml document 2"), secrets.stream().map(KubeSecret::document).toList());
        assertEquals(List.of("cockroachdb.node", "two", "three"), secrets.stream().map(KubeSecret::name).toList());
    }

    @Test
    void aNamespacesWorthOfSecretsBeyondSnakeYamlsDefaultLimitIsRead() throws BadSecretException {
        KubeSecrets.Secret big = SECRET.with("node.crt", "x".repeat(300_000));
        List<KubeSecrets.Secret> many = java.util.Collections.nCopies(12, big); // about 4.8 MB of YAML
        assertEquals(12, KubeDocuments.secrets("all.yaml", KubeSecrets.listYaml(many)).size());
    }

    @Test
    void stringDataIsWrittenOverDataAndAMissingNamespaceIsLeftToKubectl() throws BadSecretException {
        String text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: certs\ndata:\n  ca.crt: T0xE\nstringData:\n  ca.crt: NEW\n  node.crt: NODE\n";
        KubeSecret secret = KubeDocuments.secrets("s.yaml", text).get(0);
        assertEquals("NEW", new String(secret.entries().get("ca.crt"), StandardCharsets.UTF_8));
        assertEquals("NODE", new String(secret.entries().get("node.crt"), StandardCharsets.UTF_8));
        assertNull(secret.namespace());
        assertEquals("secret/certs", secret.location());
    }

    @Test
    void whatIsNotACertificateSecretIsOneLineNamingTheDocumentAndKey() {
        assertEquals("cm.yaml (crdb-config): a ConfigMap, not a Secret",
                error("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: crdb-config\ndata:\n  ca.crt: x\n"));
        assertEquals("cert.yaml (cockroachdb-node): a cert-manager Certificate, not a Secret; give the Secret it writes: kubectl get secret cockroachdb-node-tls -o yaml",
                error("cert.yaml", "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: cockroachdb-node\nspec:\n  secretName: cockroachdb-node-tls\n"));
        assertEquals("s.yaml (secret/crdb/empty): no data (kubectl get secret prints it; a Secret listed without -o yaml|json has none)",
                error("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: empty\n  namespace: crdb\ntype: Opaque\n"));
        assertEquals("s.yaml (secret/crdb/cockroachdb.node): data[\"node.crt\"] is not base64 (Illegal base64 character 2d)",
                error("s.yaml", SECRET.yaml().replace("Tk9ERQ==", "-not-base64-")));
        assertEquals("s.yaml (secret/crdb/pull): a Secret of type kubernetes.io/dockerconfigjson, not one that holds certificates (Opaque or kubernetes.io/tls)",
                error("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\n  namespace: crdb\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: e30=\n"));
        assertEquals("s.yaml document 2 item 1: not a Kubernetes object", error("s.yaml", SECRET.yaml() + "---\nkind: List\nitems:\n- just text\n"));
        assertEquals("s.yaml: no Secret in it (give the output of kubectl get secret NAME -o yaml)", error("s.yaml", "# nothing\n"));
        assertEquals("s.json: not YAML or JSON at line 1, column 18: Unexpected end-of-input: expected close marker for Object",
                error("s.json", "{\"kind\": \"Secret\""));
        assertEquals("s.yaml: not YAML or JSON at line 2, column 15: mapping values are not allowed here",
                error("s.yaml", "kind: Secret\nmetadata: name: x\n"));
    }

    private static String error(String source, String text) {
        return assertThrows(BadSecretException.class, () -> KubeDocuments.secrets(source, text)).getMessage();
    }
}
