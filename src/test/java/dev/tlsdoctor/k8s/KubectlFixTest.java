package dev.tlsdoctor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.ChartPki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Findings;
import dev.tlsdoctor.testing.KubeSecrets;
import dev.tlsdoctor.testing.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real kubectl (offline): Secrets as kubectl itself writes them are read, and the fixes' kubectl commands,
 * pasted into bash, write the keys they say (create … --dry-run=client stands for apply, patch --local for patch on the cluster).
 */
class KubectlFixTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String NS = "crdb";
    private static final String NAME = "db";
    private static Pki.Issued ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void issue() {
        ca = Pki.ca("Cockroach CA").build();
    }

    @BeforeEach
    void kubectl() {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
    }

    private static Cli.Result check(String... args) {
        List<String> all = new ArrayList<>(List.of("check", "--format", "json"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void secretsKubectlWritesAreReadInYamlAndJson() throws IOException {
        Pki.Issued node = ChartPki.node(ca, ChartPki.nodeSans(NAME, NS, "cluster.local", false));
        Files.writeString(dir.resolve("ca.crt"), ca.certPem());
        node.writeTo(dir, "node");
        for (String format : List.of("yaml", "json")) {
            String secret = Kubectl.bash(dir, "kubectl create secret generic " + NAME + "-node-secret -n " + NS + " --type=kubernetes.io/tls"
                    + " --from-file=ca.crt=ca.crt --from-file=tls.crt=node.crt --from-file=tls.key=node.key --dry-run=client -o " + format);
            Path file = Files.writeString(dir.resolve("secret." + format), secret);
            Cli.Result r = check("--k8s-secret", file.toString(), "--k8s-statefulset", NAME, "--namespace", NS);
            assertEquals(0, r.exitCode(), r.all());
            assertEquals("secret/crdb/db-node-secret:tls.crt", r.json().path("certificates").get(1).path("file").asText(), r.all());
        }
    }

    @Test
    void theReissueFixWritesTheSecretsKeysAndTheResultIsHealthy() throws IOException {
        List<String> sans = new ArrayList<>(ChartPki.nodeSans(NAME, NS, "cluster.local", false));
        sans.remove("*." + NAME + "." + NS + ".svc.cluster.local");
        KubeSecrets.Secret broken = KubeSecrets.tls(NS, NAME + "-node-secret", "kubernetes.io/tls", ca, ChartPki.node(ca, sans));
        String[] args = {"--k8s-statefulset", NAME, "--namespace", NS, "--replicas", "1"};
        Path before = Files.writeString(dir.resolve("before.yaml"), broken.yaml());
        String fix = Findings.of(check(concat("--k8s-secret", before.toString(), args))).only("san-missing-host").path("fix").asText();
        // what cockroach cert create-node (the fix's previous line) writes: a node certificate with the names it lists
        String createNode = fix.lines().filter(l -> l.startsWith("cockroach cert create-node ")).findFirst().orElseThrow();
        List<String> names = List.of(Kubectl.bash(dir, "printf '%s\\n' " + createNode.substring("cockroach cert create-node ".length(), createNode.indexOf(" --certs-dir"))).split("\\n"));
        Files.createDirectories(dir.resolve("new-certs"));
        ChartPki.node(ca, names).writeTo(dir.resolve("new-certs"), "node");
        String write = fix.lines().filter(l -> l.contains(" create secret generic ")).findFirst().orElseThrow();
        JsonNode written = YAML.readTree(Kubectl.bash(dir, write.replace(" | kubectl apply -f -", "")));
        assertEquals("kubernetes.io/tls", written.path("type").asText());
        assertEquals("crdb", written.path("metadata").path("namespace").asText());
        List<String> keys = new ArrayList<>();
        written.path("data").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("tls.crt", "tls.key"), keys);
        // kubectl apply merges the written keys into the live Secret, which keeps its ca.crt
        KubeSecrets.Secret after = broken.with("tls.crt", Files.readString(dir.resolve("new-certs/node.crt"))).with("tls.key", Files.readString(dir.resolve("new-certs/node.key")));
        Cli.Result fixed = check(concat("--k8s-secret", Files.writeString(dir.resolve("after.yaml"), after.yaml()).toString(), args));
        assertEquals(0, fixed.exitCode(), fixed.all());
    }

    @Test
    void theMoveOutFixRemovesTheCaKeyFromTheSecret() throws IOException {
        Pki.Issued node = ChartPki.node(ca, List.of("localhost"));
        KubeSecrets.Secret byoc = KubeSecrets.generic(NS, "cockroachdb.node", Map.of("ca.crt", ca.certPem(), "ca.key", ca.keyPem(),
                "node.crt", node.certPem(), "node.key", node.keyPem()));
        Path secret = Files.writeString(dir.resolve("secret.yaml"), byoc.yaml());
        String fix = Findings.of(check("--k8s-secret", secret.toString())).only("ca-key-exposed").path("fix").asText();
        String patch = fix.lines().filter(l -> l.contains(" patch secret ")).findFirst().orElseThrow()
                .replace("kubectl -n crdb patch secret cockroachdb.node", "kubectl patch --local -f secret.yaml -o yaml");
        Path patched = Files.writeString(dir.resolve("patched.yaml"), Kubectl.bash(dir, patch));
        Findings after = Findings.of(check("--k8s-secret", patched.toString()));
        assertTrue(after.rule("ca-key-exposed").isEmpty(), after.root().toPrettyString());
        assertEquals(List.of("secret/crdb/cockroachdb.node:ca.crt", "secret/crdb/cockroachdb.node:node.crt"),
                after.root().path("certificates").findValuesAsText("file"));
    }

    @Test
    void theCertManagerFixPatchesTheChartsCertificateSoItsReissueIsHealthy() throws IOException {
        Pki.Issued node = ChartPki.node(ca, ChartPki.nodeSans(NAME, NS, "cluster.local", true));
        Path secret = Files.writeString(dir.resolve("secret.yaml"),
                KubeSecrets.certManager(NS, "cockroachdb-node", NAME + "-node", ca, node, NAME + "-ca-issuer").yaml());
        String[] args = {"--k8s-statefulset", NAME, "--namespace", NS};
        String fix = Findings.of(check(concat("--k8s-secret", secret.toString(), args))).only("san-missing-host").path("fix").asText();
        // the Certificate as templates/certificate.node.yaml renders it for fullname db in namespace crdb
        Path certificate = Files.writeString(dir.resolve("certificate.yaml"), """
                apiVersion: cert-manager.io/v1
                kind: Certificate
                metadata:
                  name: db-node
                  namespace: crdb
                spec:
                  duration: 8760h
                  renewBefore: 168h
                  usages:
                    - digital signature
                    - key encipherment
                    - server auth
                    - client auth
                  privateKey:
                    algorithm: RSA
                    size: 2048
                  commonName: node
                  subject:
                    organizations:
                      - Cockroach
                  dnsNames:
                    - "localhost"
                    - "127.0.0.1"
                    - "db-public"
                    - "db-public.crdb"
                    - "db-public.crdb.svc.cluster.local"
                    - "*.db"
                    - "*.db.crdb"
                    - "*.db.crdb.svc.cluster.local"
                  secretName: cockroachdb-node
                  issuerRef:
                    name: db-ca-issuer
                    kind: Issuer
                    group: cert-manager.io
                """);
        String patch = fix.lines().filter(l -> l.contains(" patch certificate ")).findFirst().orElseThrow()
                .replace("kubectl -n crdb patch certificate db-node", "kubectl patch --local -f " + certificate.getFileName() + " -o yaml");
        JsonNode spec = YAML.readTree(Kubectl.bash(dir, patch)).path("spec");
        assertEquals("cockroachdb-node", spec.path("secretName").asText());
        List<String> sans = new ArrayList<>(spec.path("dnsNames").findValuesAsText(""));
        spec.path("dnsNames").forEach(n -> sans.add(n.asText()));
        assertTrue(!sans.contains("127.0.0.1") && sans.contains("*.db.crdb.svc.cluster.local"), spec.toPrettyString());
        spec.path("ipAddresses").forEach(n -> sans.add(n.asText())); // Pki makes an IP literal an IP SAN, as cert-manager does for ipAddresses
        assertTrue(sans.contains("127.0.0.1"), spec.toPrettyString());
        // what cert-manager issues from the patched spec
        Pki.Issued reissued = ChartPki.node(ca, sans);
        Path after = Files.writeString(dir.resolve("after.yaml"),
                KubeSecrets.certManager(NS, "cockroachdb-node", NAME + "-node", ca, reissued, NAME + "-ca-issuer").yaml());
        Cli.Result r = check(concat("--k8s-secret", after.toString(), args));
        assertEquals(0, r.exitCode(), r.all());
    }

    private static String[] concat(String option, String value, String... more) {
        List<String> all = new ArrayList<>(List.of(option, value));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
