package dev.tlsdoctor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.ChartPki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Findings;
import dev.tlsdoctor.testing.KubeSecrets;
import dev.tlsdoctor.testing.KubeSecrets.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --k8s-secret}: Secrets as the Helm chart, the operator and cert-manager write them, judged as the pods mount them. */
class KubernetesCheckTest {
    private static final String NS = "crdb";
    private static final String NAME = "my-release-cockroachdb";
    private static Pki.Issued ca;
    private static Pki.Issued node;
    private static Pki.Issued root;

    @TempDir
    Path dir;

    @BeforeAll
    static void issue() {
        ca = Pki.ca("Cockroach CA").build();
        node = ChartPki.node(ca, ChartPki.nodeSans(NAME, NS, "cluster.local", false));
        root = ChartPki.client(ca, "root");
    }

    private Path write(String file, String content) throws IOException {
        return Files.writeString(dir.resolve(file), content);
    }

    private static Secret selfSignerNode() {
        return KubeSecrets.tls(NS, NAME + "-node-secret", "kubernetes.io/tls", ca, node);
    }

    private static Secret selfSignerClient() {
        return KubeSecrets.tls(NS, NAME + "-client-secret", "kubernetes.io/tls", ca, root);
    }

    private Cli.Result check(String... args) {
        List<String> all = new ArrayList<>(List.of("check", "--format", "json"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void theSelfSignersSecretsAreHealthyForTheirStatefulSet() throws IOException {
        Path secrets = write("secrets.yaml", KubeSecrets.listYaml(List.of(selfSignerNode(), selfSignerClient())));
        Cli.Result r = check("--k8s-secret", secrets.toString(), "--k8s-statefulset", NAME, "--namespace", NS);
        assertEquals(0, r.exitCode(), r.all());
        List<String> files = new ArrayList<>();
        r.json().path("certificates").forEach(c -> files.add(c.path("file").asText() + " " + c.path("role").asText()));
        assertTrue(files.contains("secret/crdb/my-release-cockroachdb-node-secret:tls.crt Node"), files.toString());
        assertTrue(files.contains("secret/crdb/my-release-cockroachdb-client-secret:tls.crt Client (root)"), files.toString());
        assertTrue(files.contains("secret/crdb/my-release-cockroachdb-node-secret:ca.crt CA"), files.toString());
    }

    @Test
    void aNodeCertificateWithoutThePodsFullyQualifiedNamesIsCaughtAndTheFixRewritesTheSecret() throws IOException {
        List<String> sans = new ArrayList<>(ChartPki.nodeSans(NAME, NS, "cluster.local", false));
        sans.remove("*." + NAME + "." + NS + ".svc.cluster.local");
        Secret broken = KubeSecrets.tls(NS, NAME + "-node-secret", "kubernetes.io/tls", ca, ChartPki.node(ca, sans));
        Cli.Result r = check("--k8s-secret", write("node.yaml", broken.yaml()).toString(), "--k8s-statefulset", NAME, "--namespace", NS, "--replicas", "2");
        assertEquals(2, r.exitCode(), r.all());
        List<JsonNode> missing = r.findings("san-missing-host", "secret/crdb/my-release-cockroachdb-node-secret:tls.crt");
        List<String> hosts = missing.stream().map(f -> f.path("message").asText().replaceAll(".* host name (\\S+);.*", "$1")).toList();
        assertEquals(List.of(NAME + "-0." + NAME + "." + NS + ".svc.cluster.local", NAME + "-1." + NAME + "." + NS + ".svc.cluster.local"), hosts, r.all());
        String fix = missing.get(0).path("fix").asText();
        assertTrue(fix.contains("mkdir -p new-certs && kubectl -n crdb get secret my-release-cockroachdb-node-secret -o jsonpath='{.data.ca\\.crt}' | base64 -d > new-certs/ca.crt"), fix);
        // the names the certificate has (a wildcard keeps covering what it covers), and the ones it lacks
        assertTrue(fix.contains("cockroach cert create-node localhost " + NAME + "-public " + NAME + "-public.crdb " + NAME + "-public.crdb.svc.cluster.local '*."
                + NAME + "' '*." + NAME + ".crdb' 127.0.0.1 " + NAME + "-0." + NAME + ".crdb.svc.cluster.local " + NAME + "-1." + NAME
                + ".crdb.svc.cluster.local --certs-dir=new-certs --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite\n# or, with openssl 3:\n"
                + "openssl req -x509 -newkey rsa:2048 -noenc -keyout new-certs/node.key -out new-certs/node.crt "), fix);
        assertTrue(fix.contains("kubectl -n crdb create secret generic my-release-cockroachdb-node-secret --type=kubernetes.io/tls"
                + " --from-file=tls.crt=new-certs/node.crt --from-file=tls.key=new-certs/node.key --dry-run=client -o yaml | kubectl apply -f -"), fix);
        // the self-signer names its node Secret after the StatefulSet, whose pods copy the certificates when they start
        assertTrue(fix.contains("kubectl -n crdb rollout restart statefulset/" + NAME), fix);
    }

    @Test
    void aClientSecretReissuedByAnotherCaIsRejectedAndReissuedFromTheNodesCa() throws IOException {
        Pki.Issued otherCa = Pki.ca("Cockroach CA").build(); // a re-install's self-signer: same name, new key
        Secret client = KubeSecrets.tls(NS, NAME + "-client-secret", "kubernetes.io/tls", otherCa, ChartPki.client(otherCa, "root"));
        Path secrets = write("secrets.yaml", selfSignerNode().yaml() + "---\n" + client.yaml());
        Findings f = Findings.of(check("--k8s-secret", secrets.toString()));
        JsonNode rejected = f.only("unknown-authority");
        assertEquals("secret/crdb/my-release-cockroachdb-client-secret:tls.crt", rejected.path("subject").asText());
        assertTrue(rejected.path("message").asText().startsWith("does not verify as a client certificate by the nodes, which trust "
                + "secret/crdb/my-release-cockroachdb-node-secret against secret/crdb/my-release-cockroachdb-node-secret:ca.crt: "), rejected.toString());
        // from the nodes' CA, and the client Secret's ca.crt becomes that CA, so its clients verify the nodes again
        assertEquals("""
                Re-issue the certificate from the CA in secret/crdb/my-release-cockroachdb-node-secret:ca.crt:
                mkdir -p new-certs && kubectl -n crdb get secret my-release-cockroachdb-node-secret -o jsonpath='{.data.ca\\.crt}' | base64 -d > new-certs/ca.crt
                cockroach cert create-client root --certs-dir=new-certs --ca-key="$HOME"/my-safe-directory/ca.key --overwrite
                # or, with openssl 3:
                openssl req -x509 -newkey rsa:2048 -noenc -keyout new-certs/client.root.key -out new-certs/client.root.crt -days 1830 -subj /O=Cockroach/CN=root \
                -CA new-certs/ca.crt -CAkey "$HOME"/my-safe-directory/ca.key -addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature,keyEncipherment \
                -addext extendedKeyUsage=clientAuth && chmod 600 new-certs/client.root.key
                kubectl -n crdb create secret generic my-release-cockroachdb-client-secret --type=kubernetes.io/tls --from-file=ca.crt=new-certs/ca.crt \
                --from-file=tls.crt=new-certs/client.root.crt --from-file=tls.key=new-certs/client.root.key --dry-run=client -o yaml | kubectl apply -f -
                or, if the certificate is right and the CA file is stale, put the issuing CA certificate into secret/crdb/my-release-cockroachdb-node-secret:ca.crt
                (during CA rotation ca.crt must hold both the old and the new CA).""", rejected.path("fix").asText());
        // the client Secret's other fixes restart the StatefulSet its node Secret is named after
        Secret expiring = KubeSecrets.tls(NS, NAME + "-client-secret", "kubernetes.io/tls", ca,
                ca.issue("root").clientAuth().validity(java.time.Duration.ofDays(-300), java.time.Duration.ofDays(310)).build());
        Findings soon = Findings.of(check("--k8s-secret", write("soon.yaml", selfSignerNode().yaml() + "---\n" + expiring.yaml()).toString()));
        assertTrue(soon.only("expiring-soon").path("fix").asText().endsWith("kubectl -n crdb rollout restart statefulset/" + NAME
                + "   # the pods copy the certificates from the Secret when they start"), soon.root().toPrettyString());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsNamedByItsSecretKey() throws IOException {
        Secret mismatched = selfSignerNode().with("tls.key", ChartPki.node(ca, List.of("localhost")).keyPem());
        Findings f = Findings.of(check("--k8s-secret", write("node.json", mismatched.json()).toString()));
        JsonNode finding = f.only("key-mismatch");
        assertEquals("secret/crdb/my-release-cockroachdb-node-secret:tls.crt", finding.path("subject").asText());
        assertTrue(finding.path("message").asText().startsWith("its key secret/crdb/my-release-cockroachdb-node-secret:tls.key (RSA)"), finding.toString());
        assertTrue(finding.path("fix").asText().startsWith("Put the matching key at secret/crdb/my-release-cockroachdb-node-secret:tls.key"), finding.toString());
        assertTrue(f.rule("key-permissions").isEmpty(), "a Secret's entries have no file mode to judge");
    }

    @Test
    void theChartsCertManagerLayoutIsJudgedAndItsFixCorrectsTheCertificate() throws IOException {
        Pki.Issued cmNode = ChartPki.node(ca, ChartPki.nodeSans(NAME, NS, "cluster.local", true));
        Secret nodeSecret = KubeSecrets.certManager(NS, "cockroachdb-node", NAME + "-node", ca, cmNode, NAME + "-ca-issuer");
        Secret rootSecret = KubeSecrets.certManager(NS, "cockroachdb-root", NAME + "-root-client", ca, root, NAME + "-ca-issuer");
        Path secrets = write("secrets.yaml", KubeSecrets.listYaml(List.of(nodeSecret, rootSecret)));
        Cli.Result r = check("--k8s-secret", secrets.toString(), "--k8s-statefulset", NAME, "--namespace", NS);
        // templates/certificate.node.yaml puts "127.0.0.1" under dnsNames: the only name missing, as a DNS SAN is no IP SAN
        Findings f = Findings.of(r);
        assertEquals(java.util.Set.of("san-missing-host"), f.ruleIds(), r.all());
        JsonNode finding = f.only("san-missing-host");
        assertEquals("secret/crdb/cockroachdb-node:tls.crt", finding.path("subject").asText());
        String fix = finding.path("fix").asText();
        assertTrue(fix.contains("kubectl -n crdb patch certificate my-release-cockroachdb-node --type=merge -p '{\"spec\":{\"commonName\":\"node\",\"dnsNames\":[\"localhost\","), fix);
        assertTrue(fix.contains("\"ipAddresses\":[\"127.0.0.1\"],\"usages\":[\"digital signature\",\"key encipherment\",\"server auth\",\"client auth\"]}}'"), fix);
        assertFalse(fix.contains("\"127.0.0.1\",\""), "127.0.0.1 leaves dnsNames: " + fix);
        assertTrue(fix.contains("cmctl renew -n crdb my-release-cockroachdb-node   # cert-manager writes the new certificate and key into secret/crdb/cockroachdb-node"), fix);
        assertTrue(fix.contains("kubectl -n crdb rollout restart statefulset/" + NAME), fix);
    }

    @Test
    void aListOfTwentySecretsIsJudgedSecretBySecret() throws IOException {
        List<Secret> secrets = new ArrayList<>(List.of(selfSignerNode(), selfSignerClient()));
        for (int i = 1; secrets.size() < 20; i++) {
            secrets.add(KubeSecrets.tls(NS, "user" + i + "-client-secret", "kubernetes.io/tls", ca, ChartPki.client(ca, "user" + i)));
        }
        Cli.Result r = check("--k8s-secret", write("all.yaml", KubeSecrets.listYaml(secrets)).toString());
        assertEquals(0, r.exitCode(), r.all());
        List<String> leaves = new ArrayList<>();
        r.json().path("certificates").forEach(c -> {
            if (!c.path("role").asText().equals("CA")) {
                leaves.add(c.path("file").asText() + " " + c.path("role").asText());
            }
        });
        assertEquals(20, leaves.size(), leaves.toString());
        assertTrue(leaves.contains("secret/crdb/user18-client-secret:tls.crt Client (user18)"), leaves.toString());
        assertEquals(40, r.json().path("certificates").size());
    }

    @Test
    void aSecretMadeFromACertsDirectoryWithTheCaKeyIsToldToLetTheKeyGo() throws IOException {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        ca.writeCert(certs.resolve("ca.crt"));
        node.writeTo(certs, "node");
        Secret byoc = KubeSecrets.generic(NS, "cockroachdb.node", java.util.Map.of("ca.crt", ca.certPem(), "ca.key", ca.keyPem(),
                "node.crt", node.certPem(), "node.key", node.keyPem()));
        Findings f = Findings.of(check("--k8s-secret", write("byoc.yaml", byoc.yaml()).toString()));
        JsonNode exposed = f.only("ca-key-exposed");
        assertEquals("secret/crdb/cockroachdb.node:ca.key", exposed.path("subject").asText());
        assertEquals("mkdir -p ~/my-safe-directory && kubectl -n crdb get secret cockroachdb.node -o jsonpath='{.data.ca\\.key}' | base64 -d > ~/my-safe-directory/ca.key"
                + " && chmod 600 ~/my-safe-directory/ca.key\n"
                + "kubectl -n crdb patch secret cockroachdb.node --type=json -p '[{\"op\":\"remove\",\"path\":\"/data/ca.key\"}]'", exposed.path("fix").asText());
    }

    @Test
    void aNodeSecretWithoutCaCrtNamesTheKeyAndPutsItBack() throws IOException {
        Findings f = Findings.of(check("--k8s-secret", write("node.yaml", selfSignerNode().without("ca.crt").yaml()).toString()));
        JsonNode missing = f.only("missing-file");
        assertEquals("secret/crdb/my-release-cockroachdb-node-secret:ca.crt", missing.path("subject").asText());
        assertEquals("kubectl -n crdb create secret generic my-release-cockroachdb-node-secret --type=kubernetes.io/tls --from-file=ca.crt=<path-to-ca.crt>"
                + " --dry-run=client -o yaml | kubectl apply -f -", missing.path("fix").asText());
    }

    @Test
    void theOperatorsOpaqueSecretsAreMountedAsItsStatefulSetDoes() throws IOException {
        // pkg/resource/cluster.go: NAME-node and NAME-root; pkg/actor/generate_cert.go: the same SANs as the chart's self-signer
        Secret nodeSecret = KubeSecrets.tls(NS, "crdb-node", "Opaque", ca, ChartPki.node(ca, ChartPki.nodeSans("crdb", NS, "cluster.local", false)));
        Secret rootSecret = KubeSecrets.tls(NS, "crdb-root", "Opaque", ca, root);
        Path secrets = write("operator.yaml", KubeSecrets.listYaml(List.of(nodeSecret, rootSecret)));
        Cli.Result r = check("--k8s-secret", secrets.toString(), "--k8s-statefulset", "crdb", "--namespace", NS);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of("CA", "Node", "CA", "Client (root)"), r.json().path("certificates").findValuesAsText("role"));
    }

    @Test
    void theParentChartsValuesAddTheJoinServiceTheOperatorManagedSelfSignerCertifies() throws IOException {
        Path values = write("values.yaml", "k8s:\n  fullnameOverride: crdb\ncockroachdb:\n  crdbCluster:\n    regions:\n      - code: us-east-1\n        nodes: 3\n        namespace: " + NS + "\n");
        List<String> sans = new ArrayList<>(ChartPki.nodeSans("crdb", NS, "cluster.local", false));
        Secret without = KubeSecrets.tls(NS, "crdb-node-secret", "kubernetes.io/tls", ca, ChartPki.node(ca, sans));
        Cli.Result r = check("--k8s-secret", write("without.yaml", without.yaml()).toString(), "--helm-values", values.toString());
        assertEquals(List.of("crdb-join", "crdb-join." + NS, "crdb-join." + NS + ".svc.cluster.local"),
                r.findings("san-missing-host").stream().map(f -> f.path("message").asText().replaceAll(".* host name (\\S+);.*", "$1")).toList(), r.all());
        // cmd/self-signer with --operator-managed adds the join service's names
        sans.addAll(List.of("crdb-join", "crdb-join." + NS, "crdb-join." + NS + ".svc.cluster.local"));
        Secret with = KubeSecrets.tls(NS, "crdb-node-secret", "kubernetes.io/tls", ca, ChartPki.node(ca, sans));
        Cli.Result ok = check("--k8s-secret", write("with.yaml", with.yaml()).toString(), "--helm-values", values.toString());
        assertEquals(0, ok.exitCode(), ok.all());
    }
}
