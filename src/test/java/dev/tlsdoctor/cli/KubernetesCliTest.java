package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.ChartPki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.KubeSecrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --k8s-secret from standard input, in report and in the shell, and its bad input: one line, exit 3. */
class KubernetesCliTest {
    private static KubeSecrets.Secret node;
    private static KubeSecrets.Secret root;

    @TempDir
    Path dir;

    @BeforeAll
    static void issue() {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        node = KubeSecrets.tls("crdb", "db-node-secret", "kubernetes.io/tls", ca, ChartPki.node(ca, ChartPki.nodeSans("db", "crdb", "cluster.local", false)));
        root = KubeSecrets.tls("crdb", "db-client-secret", "kubernetes.io/tls", ca, ChartPki.client(ca, "root"));
    }

    private static Cli.Result withStdin(String text, String... args) {
        StandardInput.set(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            return Cli.run(args);
        } finally {
            StandardInput.set(null);
        }
    }

    @Test
    void kubectlsOutputPipedIn() {
        Cli.Result r = withStdin(node.yaml(), "check", "--k8s-secret", "-", "--k8s-statefulset", "db", "--namespace", "crdb");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("secret/crdb/db-node-secret:tls.crt"), r.all());
        assertTrue(r.out().contains("OK"), r.all());
    }

    @Test
    void kubectlsOutputPipedIntoFix() {
        Cli.Result r = withStdin(node.yaml(), "fix", "--k8s-secret", "-", "--k8s-statefulset", "db", "--namespace", "crdb");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().startsWith("Kubernetes Secrets secret/crdb/db-node-secret: no findings\n"), r.all());
        assertOneLine(withStdin(node.yaml(), "fix", "--k8s-secret", "-", "--ca-key", dir.resolve("absent.key").toString()),
                "tls-doctor: --ca-key " + dir.resolve("absent.key") + ": no such file (with --k8s-secret it names the CA key the printed commands sign with)");
    }

    @Test
    void reportTakesTheSameSources() throws IOException {
        Path secrets = Files.writeString(dir.resolve("secrets.yaml"), KubeSecrets.listYaml(List.of(node, root)));
        Cli.Result r = Cli.run("report", "--k8s-secret", secrets.toString(), "--k8s-statefulset", "db", "--namespace", "crdb");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("secret/crdb/db-client-secret:tls.crt"), r.out());
        assertTrue(r.out().contains("Kubernetes Secrets") && r.out().contains(secrets.toString()), r.out());
        assertTrue(r.out().contains("db-0.db.crdb.svc.cluster.local"), "the StatefulSet's host names are listed: " + r.out());
        assertFalse(r.out().contains("certs directory"), "no certs directory was looked at: " + r.out());
    }

    @Test
    void theShellTakesTheSameOptionsAndSettings() throws IOException {
        Path secret = Files.writeString(dir.resolve("node.yaml"), node.yaml());
        ReplSession session = new ReplSession();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        assertEquals(0, session.execute("set k8s-statefulset db", o, e), err.toString());
        assertEquals(0, session.execute("set namespace crdb", o, e), err.toString());
        assertEquals(0, session.execute("check --format json --k8s-secret " + secret, o, e), out + "" + err);
        assertTrue(out.toString().contains("secret/crdb/db-node-secret:tls.crt"), out.toString());
        assertEquals(2, session.execute("check --k8s-statefulset other --k8s-secret " + secret, o, e), out.toString());
        assertTrue(out.toString().contains("other-0.other.crdb.svc.cluster.local"), out.toString());
    }

    @Test
    void badInputIsOneLineNamingTheDocumentAndKeyWithExit3() throws IOException {
        Path configMap = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db-config\n");
        assertOneLine(Cli.run("check", "--k8s-secret", configMap.toString()), "tls-doctor: --k8s-secret " + configMap + " (db-config): a ConfigMap, not a Secret");
        assertOneLine(withStdin(node.yaml().replace("tls.key: ", "tls.key: ~~"), "check", "--k8s-secret", "-"),
                "tls-doctor: --k8s-secret stdin (secret/crdb/db-node-secret): data[\"tls.key\"] is not base64 (Illegal base64 character 7e)");
        assertOneLine(Cli.run("check", "--k8s-secret", dir.resolve("absent.yaml").toString()), "tls-doctor: --k8s-secret " + dir.resolve("absent.yaml") + ": no such file");
        assertOneLine(Cli.run("check", "--k8s-secret", "-", "--k8s-secret", "-"), "tls-doctor: --k8s-secret: - (standard input) given twice");
        assertOneLine(Cli.run("check", "--k8s-secret", configMap.toString(), "--user", "root"),
                "tls-doctor: --user goes with a certs directory; with --k8s-secret every client Secret is checked as the user it is mounted for");
        assertOneLine(Cli.run("check", "--recursive", dir.toString(), "--k8s-secret", configMap.toString()),
                "tls-doctor: --recursive checks the tree on its own; it does not go with --k8s-secret");
    }

    private static void assertOneLine(Cli.Result r, String error) {
        assertEquals(3, r.exitCode(), r.all());
        assertEquals(error, r.err().strip(), r.all());
        assertEquals("", r.out(), r.all());
    }
}
