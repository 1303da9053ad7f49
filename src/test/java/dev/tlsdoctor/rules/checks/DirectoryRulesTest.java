package dev.tlsdoctor.rules.checks;

import static dev.tlsdoctor.testing.Doctor.contains;
import static dev.tlsdoctor.testing.Doctor.none;
import static dev.tlsdoctor.testing.Doctor.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Doctor;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules about which files are in a certs directory: missing-file, unreadable-file, stray-file, CA-key-exposed, tenant-id. */
class DirectoryRulesTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;


    @Test
    void nodeDirectoryWithoutCaCrtCannotStart() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.delete(dir.resolve("ca.crt"));
        Finding f = only(Doctor.dir(dir), "missing-file", Severity.ERROR, dir.resolve("ca.crt"));
        contains(f.message(), "ca.crt is missing", "problem with CA certificate: not found");
        assertEquals("copy ca.crt from another node's certs directory (or from where the CA was created) to " + dir.resolve("ca.crt"), f.fix());
    }

    @Test
    void clientDirectoryWithoutCaCrtIsOnlyAWarning() {
        CA.issue("root").clientAuth().build().writeTo(dir, "client.root");
        Finding f = only(Doctor.dir(dir), "missing-file", Severity.WARNING, dir.resolve("ca.crt"));
        contains(f.message(), "system trust store");
    }

    @Test
    void missingNodeKeyNamesTheKeyAndTheCreateNodeCommand() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.delete(dir.resolve("node.key"));
        Finding f = only(Doctor.dir(dir), "missing-file", Severity.ERROR, dir.resolve("node.key"));
        contains(f.message(), "node.key is missing beside node.crt", "will not start");
        contains(f.fix(), "at " + dir.resolve("node.key") + " (chmod 600)",
                "cockroach cert create-node localhost node1.example.com 127.0.0.1 --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite");
    }

    @Test
    void nodeKeyWithoutNodeCrt() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.delete(dir.resolve("node.crt"));
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "missing-file", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "node.crt is missing", "problem with node certificate: not found");
        contains(f.fix(), "cockroach cert create-node \"$(hostname -f)\" --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite");
        none(findings, "stray-file"); // node.key is not a leftover: its certificate is what is missing
    }

    @Test
    void clientCertificateWithoutKeyFallsBackToPassword() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.delete(dir.resolve("client.root.key"));
        Finding f = only(Doctor.dir(dir), "missing-file", Severity.ERROR, dir.resolve("client.root.key"));
        contains(f.message(), "client.root.key is missing beside client.root.crt", "password");
        contains(f.fix(), "cockroach cert create-client root --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite");
    }

    @Test
    void userWithoutClientCertificate() {
        CertsDirs.healthyNode(dir, CA);
        List<Finding> findings = Doctor.dir(dir, Doctor.settings(), List.of(), "Bob");
        Finding f = only(findings, "missing-file", Severity.ERROR, dir.resolve("client.bob.crt"));
        contains(f.message(), "user bob cannot log in with a certificate");
        contains(f.fix(), "cockroach cert create-client bob --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite\n# or, with openssl 3:\nopenssl req -x509");
        none(Doctor.dir(dir, Doctor.settings(), List.of(), "root"), "missing-file");
        none(Doctor.dir(dir, Doctor.settings(), List.of(), "node"), "missing-file"); // cockroach falls back to node.crt for --user=node
    }

    @Test
    void emptyDirectory() {
        Finding f = only(Doctor.dir(dir), "missing-file", Severity.ERROR, dir.resolve("ca.crt"));
        contains(f.message(), "no certificates found; does certs dir exist?");
        contains(f.fix(), "cockroach cert create-ca --certs-dir=" + dir);
    }

    @Test
    void keyThatIsADirectoryIsNotARegularFile() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.delete(dir.resolve("node.key"));
        Files.createDirectory(dir.resolve("node.key"));
        Finding f = only(Doctor.dir(dir), "missing-file", Severity.ERROR, dir.resolve("node.key"));
        contains(f.message(), "is not a regular file");
    }

    @Test
    void unreadableCertificateNamesTheFileAndHowToLookAtIt() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.writeString(dir.resolve("node.crt"), "this is not a certificate\n");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "unreadable-file", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "no certificates found");
        contains(f.fix(), "Replace " + dir.resolve("node.crt") + " with an intact copy", "tls-doctor inspect " + dir.resolve("node.crt"));
        none(findings, "missing-file"); // node.crt is there, just broken: one finding, not two
    }

    @Test
    void unreadableKey() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.writeString(dir.resolve("client.root.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n");
        Finding f = only(Doctor.dir(dir), "unreadable-file", Severity.ERROR, dir.resolve("client.root.key"));
        contains(f.message(), "malformed private key PEM");
    }

    @Test
    void misnamedCertificatesAreWarnings() {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued spare = CA.issue("node").sans("localhost").serverAndClient().build();
        spare.writeCert(dir.resolve("server.crt"));
        spare.writeCert(dir.resolve("node.old.crt"));
        spare.writeCert(dir.resolve("client.crt"));
        List<Finding> findings = Doctor.dir(dir);
        assertEquals(3, Doctor.of(findings, "stray-file").size(), Doctor.describe(findings));
        Finding server = findings.stream().filter(f -> f.subject().equals(dir.resolve("server.crt").toString())).findFirst().orElseThrow();
        assertEquals(Severity.WARNING, server.severity());
        contains(server.message(), "CockroachDB skips it: bad filename: unknown prefix \"server\"");
        contains(server.fix(), "Rename it to the name its role needs", "mv " + dir.resolve("server.crt") + " " + dir + ".unused/");
        contains(findingFor(findings, "node.old.crt").message(), "node certificate filename should match node.crt");
        contains(findingFor(findings, "client.crt").message(), "client certificate filename should match client.<user>.crt");
    }

    @Test
    void pemLeftoversAndOrphanKeysAreInformation() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        CA.writeCert(dir.resolve("ca.pem"));
        Files.writeString(dir.resolve("node-key.pem"), "leftover");
        Pki.writeKey(dir.resolve("client.alice.key"), CA.issue("alice").build().keyPem());
        List<Finding> findings = Doctor.dir(dir);
        assertEquals(3, Doctor.of(findings, "stray-file").size(), Doctor.describe(findings));
        assertEquals(Severity.INFO, findingFor(findings, "ca.pem").severity());
        contains(findingFor(findings, "ca.pem").message(), "not a file CockroachDB loads");
        contains(findingFor(findings, "client.alice.key").message(), "a key without its certificate (client.alice.crt is missing)");
        // the certificate is what is missing: it comes back or is issued again, signed by the CA key cockroach cert uses; the key is not renamed
        Finding orphan = findingFor(findings, "client.alice.key");
        contains(orphan.fix(), "Put client.alice.crt, the certificate that goes with client.alice.key, back into " + dir,
                "cockroach cert create-client alice --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite");
        assertFalse(orphan.fix().contains("Rename"), orphan.fix());
    }

    @Test
    void subdirectoriesAndPkcs8CopiesAreNotStray() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.createDirectory(dir.resolve("old"));
        Files.write(dir.resolve("client.root.key.pk8"), new byte[] {0x30, 0x00});
        List<Finding> findings = Doctor.dir(dir);
        none(findings, "stray-file");
        // one finding for the damaged copy, from the rule that knows who reads it
        none(findings, "unreadable-file");
        Finding f = only(findings, "key-format", Severity.ERROR, dir.resolve("client.root.key.pk8"));
        contains(f.message(), "is not a key the PostgreSQL JDBC driver", "DER data that is not a PKCS#8 private key");
        contains(f.fix(), "openssl pkcs8 -topk8 -inform PEM -outform DER -nocrypt -in " + dir.resolve("client.root.key") + " -out " + dir.resolve("client.root.key.pk8"));
    }

    @Test
    void caKeyInTheCertsDirectory() {
        Pki.Issued ownCa = CertsDirs.healthyNode(dir);
        Pki.writeKey(dir.resolve("ca.key"), ownCa.keyPem());
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "ca-key-exposed", Severity.WARNING, dir.resolve("ca.key"));
        contains(f.message(), "a CA private key is stored in the certs directory " + dir, "root included");
        assertEquals("mkdir -p ~/my-safe-directory && mv " + dir.resolve("ca.key") + " ~/my-safe-directory/ && chmod 600 ~/my-safe-directory/*", f.fix());
        none(findings, "stray-file");
    }

    @Test
    void everyCaKeyIsReported() {
        Pki.Issued ownCa = CertsDirs.healthyNode(dir);
        Pki.writeKey(dir.resolve("ca.key"), ownCa.keyPem());
        Pki.writeKey(dir.resolve("ca-client.key"), ownCa.keyPem());
        List<Finding> findings = Doctor.of(Doctor.dir(dir), "ca-key-exposed");
        assertEquals(List.of(dir.resolve("ca-client.key").toString(), dir.resolve("ca.key").toString()),
                findings.stream().map(Finding::subject).sorted().toList());
    }

    @Test
    void nonNumericTenantIdBreaksTheWholeDirectory() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("O=Cockroach,OU=Tenants,CN=abc").serverAndClient().sans("localhost").build().writeTo(dir, "client-tenant.abc");
        Finding f = only(Doctor.dir(dir), "tenant-id", Severity.ERROR, dir.resolve("client-tenant.abc.crt"));
        contains(f.message(), "tenant id \"abc\", which is not a number", "invalid tenant id abc");
        contains(f.fix(), "mkdir -p " + dir + ".unused && mv " + dir.resolve("client-tenant.abc.crt") + " " + dir + ".unused/");
    }

    @Test
    void tenantCertificateWithTheWrongSubject() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("O=Cockroach,OU=Tenants,CN=11").serverAndClient().sans("localhost").build().writeTo(dir, "client-tenant.10");
        Finding f = only(Doctor.dir(dir), "tenant-id", Severity.WARNING, dir.resolve("client-tenant.10.crt"));
        contains(f.message(), "is for tenant 10", "(expected CN=10, OU=Tenants)");
    }

    @Test
    void wellFormedTenantCertificate() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("O=Cockroach,OU=Tenants,CN=10").serverAndClient().sans("localhost").build().writeTo(dir, "client-tenant.10");
        CA.issue("O=Cockroach,OU=Tenants,CN=10").build().writeTo(dir, "tenant-signing.10");
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }

    private Finding findingFor(List<Finding> findings, String name) {
        return findings.stream().filter(f -> f.subject().equals(dir.resolve(name).toString())).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + name + " in:\n" + Doctor.describe(findings)));
    }
}
