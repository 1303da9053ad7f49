package dev.tlsdoctor.rules.checks;

import static dev.tlsdoctor.testing.Doctor.contains;
import static dev.tlsdoctor.testing.Doctor.none;
import static dev.tlsdoctor.testing.Doctor.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Doctor;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names: san-missing and san-missing-host (RFC 6125 as Go matches: SANs only, one-label wildcards, IPs
 * only against IP SANs), node-cn and client-cn (CockroachDB's principals: lowercased CN and DNS SANs, or
 * only crdb:// URI SANs, after --cert-principal-map).
 */
class NameRulesTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;


    @Test
    void nodeCertificateWithoutSans() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").serverAndClient().build().writeTo(dir, "node");
        List<Finding> findings = Doctor.dir(dir, "node1.example.com");
        Finding f = only(findings, "san-missing", Severity.ERROR, dir.resolve("node.crt"));
        assertEquals("has no DNS or IP subject alternative name (only CN=node): Go clients (CockroachDB's own nodes, cockroach sql, pgx, lib/pq) refuse it"
                + " (x509: certificate relies on legacy Common Name field), while libpq (psql) and the JDBC driver still accept a CN equal to the host name they dial",
                f.message());
        contains(f.fix(), "cockroach cert create-node node1.example.com --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite", "kill -HUP");
        none(findings, "san-missing-host"); // one finding says it all
    }

    @Test
    void nodeCertificateWithoutSansAndWithoutHostsToSuggest() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").serverAndClient().build().writeTo(dir, "node");
        Finding f = only(Doctor.dir(dir), "san-missing", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.fix(), "cockroach cert create-node \"$(hostname -f)\" --certs-dir=" + dir, "-addext \"subjectAltName=DNS:$(hostname -f)\"");
    }

    @Test
    void clientCertificatesNeedNoSans() {
        CertsDirs.healthyNode(dir, CA);
        none(Doctor.dir(dir), "san-missing");
    }

    @Test
    void hostNotInTheNodeCertificate() {
        CertsDirs.healthyNode(dir, CA);
        List<Finding> findings = Doctor.dir(dir, "localhost", "node2.example.com");
        Finding f = only(findings, "san-missing-host", Severity.ERROR, dir.resolve("node.crt"));
        assertEquals("is not valid for the host name node2.example.com; its SANs are DNS:localhost, DNS:node1.example.com, IP:127.0.0.1", f.message());
        contains(f.fix(), "Re-issue the certificate with node2.example.com added to its SANs:\n"
                + "cockroach cert create-node localhost node1.example.com 127.0.0.1 node2.example.com --certs-dir=" + dir
                + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite\n", "-addext subjectAltName=DNS:localhost,DNS:node1.example.com,IP:127.0.0.1,DNS:node2.example.com",
                "\n" + FixCommands.RELOAD);
    }

    @Test
    void aWildcardNameInTheReissueCommandIsQuotedForTheShell() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost", "DNS:*.cockroachdb.default").serverAndClient().build().writeTo(dir, "node");
        Finding f = only(Doctor.dir(dir, "node2.example.com"), "san-missing-host", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.fix(), "cockroach cert create-node localhost '*.cockroachdb.default' node2.example.com --certs-dir=" + dir);
    }

    @Test
    void ipAddressMustBeAnIpSan() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost", "DNS:10.0.0.5").serverAndClient().build().writeTo(dir, "node");
        Finding f = only(Doctor.dir(dir, "10.0.0.5"), "san-missing-host", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "is not valid for the IP address 10.0.0.5; its SANs are DNS:localhost, DNS:10.0.0.5",
                "(an IP must be an IP SAN, not a DNS SAN or the CN)");
    }

    @Test
    void commonNameIsNeverAFallback() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node1.example.com").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        only(Doctor.dir(dir, "node1.example.com"), "san-missing-host", Severity.ERROR, dir.resolve("node.crt"));
    }

    @Test
    void uiCertificateIsCheckedForTheHostsToo() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("localhost").sans("localhost").serverAuth().build().writeTo(dir, "ui");
        only(Doctor.dir(dir, "node1.example.com"), "san-missing-host", Severity.ERROR, dir.resolve("ui.crt"));
    }

    @ParameterizedTest
    @CsvSource({
        "*.example.com, a.example.com, true",
        "*.example.com, A.EXAMPLE.COM, true",
        "*.example.com, a.example.com., true",
        "*.example.com, a.b.example.com, false",
        "*.example.com, example.com, false",
        "*.com, example.com, false",
        "n*.example.com, node1.example.com, false",
        "node1.example.com, NODE1.example.com, true",
        "::1, ::1, true",
        "::1, [::1], true",
        "127.0.0.1, 127.0.0.2, false"})
    void hostMatching(String san, String host, boolean matches) {
        CA.writeCert(dir.resolve("ca.crt"));
        CA.issue("node").sans("localhost", san.contains("*") ? "DNS:" + san : san).serverAuth().build().writeTo(dir, "node");
        CA.issue("node").clientAuth().build().writeTo(dir, "client.node");
        List<Finding> findings = Doctor.dir(dir, host);
        if (matches) {
            Doctor.clean(findings);
        } else {
            only(findings, "san-missing-host", Severity.ERROR, dir.resolve("node.crt"));
        }
    }

    @Test
    void nodeCertificateThatIsNotNode() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("server1").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "node-cn", Severity.ERROR, dir.resolve("node.crt"));
        assertEquals("is the node's client certificate for inter-node connections, but it does not carry the principal \"node\"; its principals are "
                + "\"server1\" (from CN=server1), \"localhost\" (from DNS:localhost)", f.message());
        contains(f.fix(), "--cert-principal-map=server1:node", "cockroach cert create-node localhost --certs-dir=" + dir);
        none(Doctor.dir(dir, Doctor.withPrincipalMap("server1:node"), List.of(), null), "node-cn");
    }

    @Test
    void interNodeConnectionsDoNotLowercaseTheCommonName() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("Node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        Finding f = only(Doctor.dir(dir), "node-cn", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "(inter-node connections compare the CN as written, without lowercasing it); its principals are \"Node\" (from CN=Node)");
        none(Doctor.dir(dir, Doctor.withPrincipalMap("Node:node"), List.of(), null), "node-cn");
    }

    @Test
    void dnsSanNodeIsTheNodePrincipal() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("server1").sans("localhost", "node").serverAndClient().build().writeTo(dir, "node");
        none(Doctor.dir(dir), "node-cn");
    }

    @Test
    void splitNodeCertificateNeedNotBeNode() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("server1").sans("localhost").serverAuth().build().writeTo(dir, "node");
        CA.issue("node").clientAuth().build().writeTo(dir, "client.node");
        Doctor.clean(Doctor.dir(dir));
        CA.issue("server1").clientAuth().build().writeTo(dir, "client.node");
        only(Doctor.dir(dir), "node-cn", Severity.ERROR, dir.resolve("client.node.crt"));
    }

    @Test
    void clientCertificateForAnotherUser() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("bob").clientAuth().build().writeTo(dir, "client.root");
        Finding f = only(Doctor.dir(dir), "client-cn", Severity.ERROR, dir.resolve("client.root.crt"));
        assertEquals("cannot log in as \"root\": its principals are \"bob\" (from CN=bob); the server will answer: "
                + "certificate authentication failed for user \"root\"", f.message());
        contains(f.fix(), "Re-issue the certificate with CN=root:\n"
                + "cockroach cert create-client root --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite\n", "-subj /O=Cockroach/CN=root ",
                "\nor map its CN to the user with --cert-principal-map=bob:root on the nodes.");
    }

    @Test
    void commonNameIsLowercasedButDnsSansAreNot() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("ROOT").clientAuth().build().writeTo(dir, "client.root");
        none(Doctor.dir(dir), "client-cn");
        CA.issue("someone").sans("root").clientAuth().build().writeTo(dir, "client.root");
        none(Doctor.dir(dir), "client-cn");
        CA.issue("someone").sans("Root").clientAuth().build().writeTo(dir, "client.root");
        contains(only(Doctor.dir(dir), "client-cn").message(), "\"someone\" (from CN=someone), \"Root\" (from DNS:Root)");
    }

    @Test
    void principalMapIsAppliedAfterLowercasingTheCommonName() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("Bob").clientAuth().build().writeTo(dir, "client.root");
        none(Doctor.dir(dir, Doctor.withPrincipalMap("bob:root"), List.of(), null), "client-cn");
        Finding f = only(Doctor.dir(dir, Doctor.withPrincipalMap("Bob:root"), List.of(), null), "client-cn");
        contains(f.message(), "its principals are \"bob\" (from CN=Bob) after --cert-principal-map");
    }

    @Test
    void principalMapSplitsOnTheLastColonAndTheLastMappingWins() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("svc:reporting").clientAuth().build().writeTo(dir, "client.root");
        none(Doctor.dir(dir, Doctor.withPrincipalMap("svc:reporting:root"), List.of(), null), "client-cn");
        none(Doctor.dir(dir, Doctor.withPrincipalMap("svc:reporting:alice,,svc:reporting:root"), List.of(), null), "client-cn");
        only(Doctor.dir(dir, Doctor.withPrincipalMap("svc:reporting:root,svc:reporting:alice"), List.of(), null), "client-cn");
    }

    @Test
    void badPrincipalMapEntryUsesCockroachsWording() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrincipalMap.parse("bob:root,alice"));
        assertEquals("invalid <cert-principal>:<db-principal> mapping: \"alice\"", e.getMessage());
    }

    @Test
    void principalMapAcceptsEmptyHalvesAsCockroachDoes() {
        PrincipalMap map = PrincipalMap.parse("gone:,:nobody,bob:root");
        assertEquals("", map.apply("gone"));
        assertEquals("root", map.apply("bob"));
        assertEquals("carol", map.apply("carol"));
    }

    @ParameterizedTest
    @CsvSource({"node1.example.com:26257,node1.example.com", "[::1]:26257,::1", "[::1],::1", "::1,::1", "10.0.0.1:8080,10.0.0.1", "db1,db1"})
    void hostsGivenWithAPortAreJudgedWithoutIt(String typed, String host) {
        assertEquals(host, dev.tlsdoctor.certs.Hostnames.withoutPort(typed));
    }

    @Test
    void aHostWithItsPortStillMatchesTheSan() {
        CertsDirs.healthyNode(dir, CA);
        dev.tlsdoctor.testing.Cli.Result r = dev.tlsdoctor.testing.Cli.run("check", "--certs-dir", dir.toString(), "--host", "node1.example.com:26257,127.0.0.1:26257");
        assertEquals(0, r.exitCode(), r.out() + r.err());
    }

    @Test
    void crdbUriSansHideTheCommonNameAndDnsSans() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").sans("root", "URI:crdb://tenant/2/user/alice").clientAuth().build().writeTo(dir, "client.root");
        Finding f = only(Doctor.dir(dir), "client-cn", Severity.ERROR, dir.resolve("client.root.crt"));
        contains(f.message(), "its principals are \"alice\" (from URI:crdb://tenant/2/user/alice, tenant/2 only)");
        CA.issue("root").sans("URI:crdb://tenant-name/app/user/alice").clientAuth().build().writeTo(dir, "client.alice");
        none(Doctor.of(Doctor.dir(dir), "client-cn").stream().filter(x -> x.subject().endsWith("client.alice.crt")).toList(), "client-cn");
    }

    @Test
    void otherUriSansDoNotHideTheCommonName() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").sans("URI:spiffe://cluster/ns/db/sa/root").clientAuth().build().writeTo(dir, "client.root");
        none(Doctor.dir(dir), "client-cn");
    }

    /** OU=Tenants counts wherever it is, a multi-valued RDN included, as Go reads the subject. */
    @ParameterizedTest
    @ValueSource(strings = {"O=Cockroach,OU=Tenants,CN=root", "O=Cockroach,CN=root+OU=Tenants"})
    void tenantCertificateCannotLogInAsAUser(String subject) {
        CertsDirs.healthyNode(dir, CA);
        CA.issue(subject).clientAuth().build().writeTo(dir, "client.root");
        Finding f = only(Doctor.dir(dir), "client-cn", Severity.ERROR, dir.resolve("client.root.crt"));
        contains(f.message(), "using tenant client certificate as user certificate is not allowed");
    }

    @Test
    void capitalisedUserInTheFileNameIsNeverUsed() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").clientAuth().build().writeTo(dir, "client.Root");
        Finding f = only(Doctor.dir(dir), "client-cn", Severity.WARNING, dir.resolve("client.Root.crt"));
        contains(f.message(), "names user \"Root\" with capitals", "look for client.root.crt");
    }

    @Test
    void principalMapSettingsReachTheNodeRule() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("server1").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        RunSettings mapped = new RunSettings(java.time.Instant.now(), null, null, PrincipalMap.parse("server1:node"), false, Doctor.processGid());
        Doctor.clean(Doctor.dir(dir, mapped, List.of("localhost"), null));
    }
}
