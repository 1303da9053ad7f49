package dev.tlsdoctor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.ChartPki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.KubeSecrets;
import dev.tlsdoctor.testing.KubeSecrets.Secret;
import dev.tlsdoctor.testing.Kubectl;
import dev.tlsdoctor.testing.OfflineCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fix --k8s-secret}: the plan for Secrets is kubectl commands, never written by fix. Each repair's commands are run as
 * printed against the Secrets kept as files (the real kubectl offline, openssl for the issuing), and the Secrets they leave
 * are checked again: the findings are gone.
 */
class FixSecretsTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String NS = "crdb";
    private static final String NAME = "db";
    private static final String[] STATEFULSET = {"--k8s-statefulset", NAME, "--namespace", NS, "--replicas", "2"};
    /** The cluster's CA, the self-signer's: its key is in its CA Secret. */
    private static final Pki.Issued ca = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;

    private static Secret nodeSecret(Pki.Issued node) {
        return KubeSecrets.tls(NS, NAME + "-node-secret", "kubernetes.io/tls", ca, node);
    }

    private static Pki.Issued healthyNode() {
        return ChartPki.node(ca, ChartPki.nodeSans(NAME, NS, "cluster.local", false));
    }

    /** The self-signer's CA Secret: what the re-issues sign with. */
    private static Secret caSecret() {
        return KubeSecrets.generic(NS, NAME + "-ca-secret", Map.of("ca.crt", ca.certPem(), "ca.key", ca.keyPem()));
    }

    private OfflineCluster cluster(Secret... secrets) {
        OfflineCluster cluster = new OfflineCluster(dir).put(caSecret());
        for (Secret s : secrets) {
            cluster.put(s);
        }
        return cluster;
    }

    private static Cli.Result run(String command, List<Path> secrets, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--format", "json"));
        secrets.forEach(s -> args.addAll(List.of("--k8s-secret", s.toString())));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** The plan's manual steps, checked for what every printed command must be: no placeholder, no key material. */
    private static JsonNode plan(Cli.Result fix) {
        JsonNode plan = fix.json();
        assertEquals(0, plan.path("steps").size(), fix.all());
        assertTrue(plan.path("certsDir").isNull(), fix.all());
        for (JsonNode step : plan.path("manual")) {
            String commands = step.path("commands").asText();
            assertFalse(commands.matches("(?s).*(<[a-z-]+>|\\{[A-Za-z]\\w*}).*"), "a placeholder in: " + commands);
        }
        assertFalse(fix.all().contains("PRIVATE KEY") || fix.all().contains(ca.keyPem().lines().toList().get(1)), fix.all());
        return plan;
    }

    /** The one manual step that resolves {@code rule}. */
    private static JsonNode stepFor(JsonNode plan, String rule) {
        List<JsonNode> found = new ArrayList<>();
        plan.path("manual").forEach(m -> {
            if (m.path("resolves").findValuesAsText("rule").contains(rule)) {
                found.add(m);
            }
        });
        assertEquals(1, found.size(), plan.toPrettyString());
        return found.get(0);
    }

    private static Set<String> rules(Cli.Result check) {
        Set<String> rules = new TreeSet<>();
        check.json().path("findings").forEach(f -> rules.add(f.path("rule").asText()));
        return rules;
    }

    @Test
    void aNodeCertificateWithoutThePodsNamesIsReissuedWithTheSelfSignersCaAndTheSecretChecksClean() {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        List<String> sans = new ArrayList<>(ChartPki.nodeSans(NAME, NS, "cluster.local", false));
        sans.remove("*." + NAME + "." + NS + ".svc.cluster.local");
        OfflineCluster cluster = cluster(nodeSecret(ChartPki.node(ca, sans)));
        Path live = cluster.file("secret", NAME + "-node-secret");
        Cli.Result fix = run("fix", List.of(live), STATEFULSET);
        assertEquals(2, fix.exitCode(), fix.all());
        JsonNode step = stepFor(plan(fix), "san-missing-host");
        assertEquals(2, step.path("resolves").size(), "one re-issue for both pods' names: " + step);
        String commands = step.path("commands").asText();
        assertTrue(commands.contains("(umask 077 && kubectl -n crdb get secret db-ca-secret -o jsonpath='{.data.ca\\.key}' | base64 -d > new-certs/ca.key)"), commands);
        assertTrue(commands.contains(" --ca-key=new-certs/ca.key "), commands);
        assertTrue(commands.endsWith("rm new-certs/ca.key   # the CA key stays in its Secret, db-ca-secret, only"), commands);

        OfflineCluster.Run ran = cluster.run(commands);
        assertTrue(ran.notRun().get(0).startsWith("cockroach cert create-node "), ran.toString());
        assertFalse(Files.exists(dir.resolve("new-certs/ca.key")), "the CA key is not left behind");
        Cli.Result after = run("check", List.of(live), STATEFULSET);
        assertEquals(0, after.exitCode(), after.all());
        String restart = plan(fix).path("manual").get(1).path("commands").asText();
        assertEquals("kubectl -n crdb rollout restart statefulset/db   # the pods copy the certificates from the Secret when they start", restart);
    }

    @Test
    void aClientSecretFromAReinstallsCaIsReissuedByTheNodesCaWithTheNodesCaCertificate() {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        Pki.Issued otherCa = Pki.ca("Cockroach CA").build();
        Secret client = KubeSecrets.tls(NS, NAME + "-client-secret", "kubernetes.io/tls", otherCa, ChartPki.client(otherCa, "root"));
        OfflineCluster cluster = cluster(nodeSecret(healthyNode()), client);
        List<Path> secrets = List.of(cluster.file("secret", NAME + "-node-secret"), cluster.file("secret", NAME + "-client-secret"));
        Cli.Result fix = run("fix", secrets, STATEFULSET);
        String commands = stepFor(plan(fix), "unknown-authority").path("commands").asText();
        assertTrue(commands.startsWith("mkdir -p new-certs && kubectl -n crdb get secret db-node-secret -o jsonpath='{.data.ca\\.crt}'"), commands);
        assertTrue(commands.contains("--from-file=ca.crt=new-certs/ca.crt --from-file=tls.crt=new-certs/client.root.crt --from-file=tls.key=new-certs/client.root.key"), commands);
        cluster.run(commands);
        Cli.Result after = run("check", secrets, STATEFULSET);
        assertEquals(0, after.exitCode(), after.all());
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsReplacedWithANewPairSignedWithTheCaKeyGiven() throws IOException {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        Secret mismatched = nodeSecret(healthyNode()).with("tls.key", ChartPki.node(ca, List.of("localhost")).keyPem());
        // a Secret the self-signer did not name: the CA key is where --ca-key says
        OfflineCluster cluster = new OfflineCluster(dir).put(mismatched.named("cockroachdb-node"));
        Path caKey = Files.writeString(dir.resolve("my ca.key"), ca.keyPem());
        Path live = cluster.file("secret", "cockroachdb-node");
        Cli.Result fix = run("fix", List.of(live), "--ca-key", caKey.toString(), "--k8s-statefulset", NAME, "--namespace", NS);
        String commands = stepFor(plan(fix), "key-mismatch").path("commands").asText();
        assertTrue(commands.contains(" -CAkey '" + caKey + "' "), commands);
        cluster.run(commands);
        Cli.Result after = run("check", List.of(live), "--k8s-statefulset", NAME, "--namespace", NS);
        assertEquals(0, after.exitCode(), after.all());
    }

    @Test
    void expiredAndExpiringCertificatesAreReissuedAndOneRestartFollows() {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        Pki.Issued expiring = ca.issue("node").sans(ChartPki.nodeSans(NAME, NS, "cluster.local", false).toArray(String[]::new)).serverAndClient()
                .validity(Duration.ofDays(-300), Duration.ofDays(310)).build();
        Pki.Issued expired = ca.issue("root").clientAuth().validity(Duration.ofDays(-400), Duration.ofDays(399)).build();
        OfflineCluster cluster = cluster(nodeSecret(expiring), KubeSecrets.tls(NS, NAME + "-client-secret", "kubernetes.io/tls", ca, expired));
        List<Path> secrets = List.of(cluster.file("secret", NAME + "-node-secret"), cluster.file("secret", NAME + "-client-secret"));
        JsonNode plan = plan(run("fix", secrets, STATEFULSET));
        cluster.run(stepFor(plan, "expiring-soon").path("commands").asText());
        cluster.run(stepFor(plan, "expired").path("commands").asText());
        assertEquals(1, plan.path("manual").findValuesAsText("commands").stream().filter(c -> c.contains("rollout restart")).count(), plan.toPrettyString());
        Cli.Result after = run("check", secrets, STATEFULSET);
        assertEquals(0, after.exitCode(), after.all());
    }

    @Test
    void aMissingKeyIsIssuedWithItsCertificateAndAMissingCaCrtIsPutBackFromTheNodes() {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        Secret client = KubeSecrets.tls(NS, NAME + "-client-secret", "kubernetes.io/tls", ca, ChartPki.client(ca, "root")).without("ca.crt");
        OfflineCluster cluster = cluster(nodeSecret(healthyNode()).without("tls.key"), client);
        List<Path> secrets = List.of(cluster.file("secret", NAME + "-node-secret"), cluster.file("secret", NAME + "-client-secret"));
        Cli.Result before = run("check", secrets, STATEFULSET);
        assertEquals(Set.of("missing-file"), rules(before), before.all());
        JsonNode plan = plan(run("fix", secrets, STATEFULSET));
        for (JsonNode step : plan.path("manual")) {
            cluster.run(step.path("commands").asText());
        }
        Cli.Result after = run("check", secrets, STATEFULSET);
        assertEquals(0, after.exitCode(), after.all());
    }

    @Test
    void aNodeSecretWithAKeyButNoCertificateGetsBothIssuedForTheStatefulSetsNames() {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        OfflineCluster cluster = cluster(nodeSecret(healthyNode()).without("tls.crt"));
        Path live = cluster.file("secret", NAME + "-node-secret");
        JsonNode plan = plan(run("fix", List.of(live), STATEFULSET));
        String commands = stepFor(plan, "missing-file").path("commands").asText();
        assertTrue(commands.contains("db-1.db.crdb.svc.cluster.local"), commands);
        cluster.run(commands);
        Cli.Result after = run("check", List.of(live), STATEFULSET);
        assertEquals(0, after.exitCode(), after.all());
    }

    @Test
    void aCaKeyAndAStrayFileInABringYourOwnCertsSecretAreTakenOutOfIt() throws IOException {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        Pki.Issued node = healthyNode();
        Secret byoc = KubeSecrets.generic(NS, "cockroachdb.node", Map.of("ca.crt", ca.certPem(), "ca.key", ca.keyPem(),
                "node.crt", node.certPem(), "node.key", node.keyPem(), "server.crt", node.certPem()));
        OfflineCluster cluster = new OfflineCluster(dir).put(byoc);
        Path live = cluster.file("secret", "cockroachdb.node");
        Cli.Result before = run("check", List.of(live), STATEFULSET);
        assertEquals(Set.of("ca-key-exposed", "stray-file"), rules(before), before.all());
        JsonNode plan = plan(run("fix", List.of(live), STATEFULSET));
        cluster.run(stepFor(plan, "ca-key-exposed").path("commands").asText());
        cluster.run(stepFor(plan, "stray-file").path("commands").asText());
        Cli.Result after = run("check", List.of(live), STATEFULSET);
        assertEquals(0, after.exitCode(), after.all());
        Path kept = dir.resolve("my-safe-directory/ca.key");
        assertEquals(ca.keyPem(), Files.readString(kept));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
        assertEquals(node.certPem(), Files.readString(dir.resolve("cockroachdb.node.unused/server.crt")));
    }

    @Test
    void aCertManagerSecretsRepairIsAPatchOfItsCertificateAndARenewal() throws IOException {
        Assumptions.assumeTrue(Kubectl.available(), "kubectl is not installed");
        List<String> sans = new ArrayList<>(ChartPki.nodeSans(NAME, NS, "cluster.local", true));
        sans.remove("*." + NAME + "." + NS + ".svc.cluster.local");
        Secret secret = KubeSecrets.certManager(NS, "cockroachdb-node", NAME + "-node", ca, ChartPki.node(ca, sans), NAME + "-ca-issuer");
        OfflineCluster cluster = new OfflineCluster(dir).put(secret).put("certificate", NAME + "-node", KubeSecrets.chartNodeCertificate(NAME, NS, "cockroachdb-node"));
        String commands = stepFor(plan(run("fix", List.of(cluster.file("secret", "cockroachdb-node")), STATEFULSET)), "san-missing-host")
                .path("commands").asText();
        OfflineCluster.Run ran = cluster.run(commands);
        assertEquals(List.of("cmctl renew -n crdb db-node   # cert-manager writes the new certificate and key into secret/crdb/cockroachdb-node"), ran.notRun());
        JsonNode spec = YAML.readTree(cluster.file("certificate", NAME + "-node").toFile()).path("spec");
        List<String> names = new ArrayList<>();
        spec.path("dnsNames").forEach(n -> names.add(n.asText()));
        assertTrue(names.contains("db-1.db.crdb.svc.cluster.local") && !names.contains("127.0.0.1"), spec.toPrettyString());
        assertEquals("cockroachdb-node", spec.path("secretName").asText());
        // what cert-manager issues from the patched spec (Pki makes an IP literal an IP SAN, as cert-manager does for ipAddresses)
        spec.path("ipAddresses").forEach(n -> names.add(n.asText()));
        cluster.put(KubeSecrets.certManager(NS, "cockroachdb-node", NAME + "-node", ca, ChartPki.node(ca, names), NAME + "-ca-issuer"));
        Cli.Result after = run("check", List.of(cluster.file("secret", "cockroachdb-node")), STATEFULSET);
        assertEquals(0, after.exitCode(), after.all());
    }

    @Test
    void applyIsRefusedInOneLineAndNothingIsWritten() throws IOException {
        Path secret = Files.writeString(dir.resolve("node.yaml"), nodeSecret(ChartPki.node(ca, List.of("localhost"))).yaml());
        Cli.Result r = Cli.run("fix", "--k8s-secret", secret.toString(), "--apply");
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.all());
        assertTrue(r.err().contains("with --k8s-secret nothing talks to a cluster"), r.all());
        assertEquals(List.of("node.yaml"), Files.list(dir).map(p -> p.getFileName().toString()).toList());
        Cli.Result withDir = Cli.run("fix", "--k8s-secret", secret.toString(), "--certs-dir", dir.toString());
        assertEquals("tls-doctor: --certs-dir goes with a certs directory, not with --k8s-secret", withDir.err().strip(), withDir.all());
    }

    @Test
    void withoutAKnownStatefulSetTheRestartStopsUntilItIsNamed() throws IOException {
        Pki.Issued expired = ca.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-400), Duration.ofDays(399)).build();
        Path secret = Files.writeString(dir.resolve("node.yaml"), nodeSecret(expired).named("cockroachdb-node").yaml());
        Cli.Result text = Cli.run("fix", "--k8s-secret", secret.toString());
        assertTrue(text.out().startsWith("Kubernetes Secrets secret/crdb/cockroachdb-node: 1 finding (1 error, 0 warnings)\n"), text.all());
        assertTrue(text.out().contains("  - expired on secret/crdb/cockroachdb-node:tls.crt: one new certificate and key resolve it"), text.all());
        assertTrue(text.out().contains("--ca-key=\"$HOME\"/my-safe-directory/ca.key"), text.all());
        String restart = text.out().lines().filter(l -> l.contains("rollout restart")).findFirst().orElseThrow().strip();
        assertTrue(restart.startsWith("kubectl -n crdb rollout restart statefulset/\"${STATEFULSET:?set STATEFULSET"), restart);
        String unset = Kubectl.bash(dir, "(STATEFULSET= ; : " + restart.substring(restart.indexOf("statefulset/") + "statefulset/".length(), restart.indexOf("   #"))
                + ") 2>&1 || true");
        assertTrue(unset.contains("set STATEFULSET to the CockroachDB StatefulSet"), unset);
    }
}
