package dev.tlsdoctor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.ChartPki;
import dev.tlsdoctor.testing.KubeSecrets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each key of a Secret becomes the certs-dir file the Helm chart and the operators mount it as: the chart's
 * statefulset.yaml projects tls.crt to node.crt (node Secret) or client.root.crt (client Secret), the public operator's
 * statefulset builder the same; a generic Secret (bring-your-own-certs, tls.certs.provided) is mounted whole.
 */
class SecretMountTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();
    private static final Pki.Issued NODE = ChartPki.node(CA, List.of("localhost"));
    private static final Pki.Issued ROOT = ChartPki.client(CA, "root");

    private static Map<String, String> mount(KubeSecrets.Secret secret, ChartNames names) throws BadSecretException {
        return SecretMount.of(KubeDocuments.secrets("s.yaml", secret.yaml()).get(0), names).files();
    }

    private static Map<String, String> mount(KubeSecrets.Secret secret) throws BadSecretException {
        return mount(secret, ChartNames.NONE);
    }

    @Test
    void theSelfSignersAndTheOperatorsSecretsByTheirNames() throws BadSecretException {
        Map<String, String> node = Map.of("ca.crt", "ca.crt", "node.crt", "tls.crt", "node.key", "tls.key");
        Map<String, String> root = Map.of("ca.crt", "ca.crt", "client.root.crt", "tls.crt", "client.root.key", "tls.key");
        // the names decide, whatever the certificate: a node Secret holding root's certificate is mounted as node.crt (and node-cn says so)
        assertEquals(node, mount(KubeSecrets.tls("db", "crdb-node-secret", "kubernetes.io/tls", CA, ROOT)));
        assertEquals(node, mount(KubeSecrets.tls("db", "crdb-node", "Opaque", CA, ROOT)));
        assertEquals(root, mount(KubeSecrets.tls("db", "crdb-root", "Opaque", CA, NODE)));
        assertEquals(root, mount(KubeSecrets.tls("db", "my-certs", "kubernetes.io/tls", CA, NODE), new ChartNames("crdb", Set.of(), Set.of("my-certs"))));
    }

    @Test
    void otherNamesByTheCertificatesCommonName() throws BadSecretException {
        assertEquals(Map.of("ca.crt", "ca.crt", "client.alice.crt", "tls.crt", "client.alice.key", "tls.key"),
                mount(KubeSecrets.tls("db", "alice-client-secret", "kubernetes.io/tls", CA, ChartPki.client(CA, "alice"))));
        assertEquals(Map.of("ca.crt", "ca.crt", "node.crt", "tls.crt", "node.key", "tls.key"),
                mount(KubeSecrets.tls("db", "crdb-tls", "kubernetes.io/tls", CA, NODE)));
        Pki.Issued anonymous = CA.issue("O=Cockroach").clientAuth().build();
        assertEquals("secret/db/crdb-tls: cannot tell whether it holds a node or a client certificate (its name is not one the Helm chart or the operator gives,"
                + " and tls.crt has no CN); give --helm-values or --k8s-statefulset",
                assertThrows(BadSecretException.class, () -> mount(KubeSecrets.tls("db", "crdb-tls", "kubernetes.io/tls", CA, anonymous))).getMessage());
    }

    @Test
    void aGenericSecretIsMountedWholeAndTheCaSecretOnlyForItsCertificate() throws BadSecretException {
        assertEquals(Map.of("ca.crt", "ca.crt", "node.crt", "node.crt", "node.key", "node.key", "client.root.crt", "client.root.crt"),
                mount(KubeSecrets.generic("db", "cockroachdb.node", Map.of("ca.crt", "x", "node.crt", "x", "node.key", "x", "client.root.crt", "x"))));
        assertEquals(Map.of("ca.crt", "ca.crt"), mount(KubeSecrets.generic("db", "crdb-ca-secret", Map.of("ca.crt", "x", "ca.key", "x"))));
        // in a Secret the pods mount whole, ca.key is in every pod's certs directory (ca-key-exposed says so)
        assertEquals(Map.of("ca.crt", "ca.crt", "ca.key", "ca.key", "node.crt", "node.crt"),
                mount(KubeSecrets.generic("db", "cockroachdb.node", Map.of("ca.crt", "x", "ca.key", "x", "node.crt", "x"))));
    }
}
