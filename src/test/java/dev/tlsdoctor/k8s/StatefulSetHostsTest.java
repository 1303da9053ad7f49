package dev.tlsdoctor.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.certs.Hostnames;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.ChartPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names a StatefulSet's nodes are reached by, and what a values file of the Helm chart says about them. */
class StatefulSetHostsTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;

    @Test
    void theNamesAsTheChartUsesThem() {
        assertEquals(List.of("db-0.db.ns", "db-0.db.ns.svc.k8s.local", "db-1.db.ns", "db-1.db.ns.svc.k8s.local",
                "db-public", "db-public.ns", "db-public.ns.svc.k8s.local", "localhost", "127.0.0.1"),
                new StatefulSetHosts("db", "ns", 2, "k8s.local", false).hosts());
        assertTrue(new StatefulSetHosts("db", "ns", 1, "cluster.local", true).hosts().containsAll(List.of("db-join", "db-join.ns", "db-join.ns.svc.cluster.local")));
    }

    @Test
    void theSelfSignersNodeCertificateIsValidForEveryNameAndTheChartsCertManagerOneNotFor127001() {
        List<String> hosts = new StatefulSetHosts("my-release-cockroachdb", "prod", 5, "cluster.local", false).hosts();
        Pki.Issued selfSigned = ChartPki.node(CA, ChartPki.nodeSans("my-release-cockroachdb", "prod", "cluster.local", false));
        assertEquals(List.of(), hosts.stream().filter(h -> !Hostnames.matches(selfSigned.cert(), h)).toList());
        // templates/certificate.node.yaml lists "127.0.0.1" under dnsNames: Go and Java clients dialling 127.0.0.1 want an IP SAN
        Pki.Issued certManager = ChartPki.node(CA, ChartPki.nodeSans("my-release-cockroachdb", "prod", "cluster.local", true));
        assertEquals(List.of("127.0.0.1"), hosts.stream().filter(h -> !Hostnames.matches(certManager.cert(), h)).toList());
    }

    @Test
    void aNodeCertificateWithoutTheFullyQualifiedPodNamesMissesThem() {
        List<String> sans = new ArrayList<>(ChartPki.nodeSans("db", "ns", "cluster.local", false));
        sans.remove("*.db.ns.svc.cluster.local");
        Pki.Issued node = ChartPki.node(CA, sans);
        assertEquals(List.of("db-0.db.ns.svc.cluster.local", "db-1.db.ns.svc.cluster.local", "db-2.db.ns.svc.cluster.local"),
                new StatefulSetHosts("db", "ns", 3, "cluster.local", false).hosts().stream().filter(h -> !Hostnames.matches(node.cert(), h)).toList());
    }

    @Test
    void theChartsValuesGiveTheNamesTheSecretsAndTheDomain() throws Exception {
        Path values = Files.writeString(dir.resolve("values.yaml"), """
                fullnameOverride: crdb-prod-
                clusterDomain: corp.internal
                statefulset:
                  replicas: 5
                tls:
                  enabled: true
                  certs:
                    selfSigner:
                      enabled: false
                    certManager: true
                    tlsSecret: true
                    nodeSecret: crdb-node-tls
                    clientRootSecret: crdb-root-tls
                """);
        Deployment d = Deployment.of(null, "prod", null, null, values);
        assertEquals(new StatefulSetHosts("crdb-prod", "prod", 5, "corp.internal", false), d.hosts());
        assertTrue(d.names().nodeSecrets().contains("crdb-node-tls"), d.toString());
        assertTrue(d.names().rootClientSecrets().contains("crdb-root-tls"), d.toString());
        assertEquals("crdb-prod", d.names().statefulSet());
        // the command line wins over the file
        assertEquals(new StatefulSetHosts("other", "prod", 3, "corp.internal", false), Deployment.of("other", "prod", 3, null, values).hosts());
    }

    @Test
    void theParentChartsValuesGiveTheRegionAndTheJoinService() throws Exception {
        Path values = Files.writeString(dir.resolve("values.yaml"), """
                k8s:
                  fullnameOverride: crdb
                cockroachdb:
                  clusterDomain: cluster.local
                  tls:
                    enabled: true
                    selfSigner:
                      enabled: false
                    certManager:
                      enabled: true
                      nodeSecret: cockroachdb-node
                      clientRootSecret: cockroachdb-root
                  crdbCluster:
                    regions:
                      - code: us-east-1
                        nodes: 4
                        cloudProvider: gcp
                        namespace: crdb-east
                """);
        Deployment d = Deployment.of(null, null, null, null, values);
        assertEquals(new StatefulSetHosts("crdb", "crdb-east", 4, "cluster.local", true), d.hosts());
        assertEquals(Set.of("crdb-node-secret", "crdb-node", "cockroachdb-node"), d.names().nodeSecrets());
    }

    @Test
    void valuesThatDoNotFixTheNameAskForTheStatefulSet() throws IOException, BadSecretException {
        Path values = Files.writeString(dir.resolve("values.yaml"), "statefulset:\n  replicas: 3\n");
        assertEquals(values + ": sets no fullnameOverride, so the StatefulSet is named after the release; give --k8s-statefulset NAME (kubectl get statefulsets)",
                assertThrows(BadSecretException.class, () -> Deployment.of(null, null, null, null, values)).getMessage());
        assertEquals("--namespace, --replicas and --cluster-domain go with --k8s-statefulset or --helm-values",
                assertThrows(BadSecretException.class, () -> Deployment.of(null, "ns", null, null, null)).getMessage());
        assertNull(Deployment.of(null, null, null, null, null).hosts());
        assertFalse(Deployment.of("db", null, null, null, values).hostNames().isEmpty());
    }
}
