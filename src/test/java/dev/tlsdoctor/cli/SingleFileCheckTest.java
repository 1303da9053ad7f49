package dev.tlsdoctor.cli;

import static dev.tlsdoctor.testing.Doctor.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.KeyFiles;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls-doctor check FILE --ca … [--untrusted …] [--host …] [--purpose …]}: certificates outside a certs directory. */
class SingleFileCheckTest {
    private static final Pki.Issued ROOT = Pki.ca("Example Root CA").build();
    private static final Pki.Issued INTERMEDIATE = ROOT.issue("Example Issuing CA").ca().pathLen(0).build();

    @TempDir
    Path dir;


    @Test
    void leafWithItsIntermediateGivenAsUntrusted() {
        Path leaf = INTERMEDIATE.issue("db.example.com").sans("db.example.com", "10.1.2.3").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Path im = INTERMEDIATE.writeCert(dir.resolve("im.pem"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--untrusted", im.toString(),
                "--host", "db.example.com", "--host", "10.1.2.3", "--purpose", "server", "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("OK", r.json().path("status").asText());
        assertEquals(0, r.json().path("findings").size(), r.all());
    }

    /** An --untrusted file that does not parse is a finding in the report; the other intermediates still build the chain. */
    @Test
    void unparseableUntrustedFileIsAFindingNotAnAbort() throws IOException {
        Path leaf = INTERMEDIATE.issue("db.example.com").sans("db.example.com").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Path broken = Files.writeString(dir.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Path im = INTERMEDIATE.writeCert(dir.resolve("im.pem"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--untrusted", broken.toString(), "--untrusted", im.toString(),
                "--host", "db.example.com", "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        assertEquals(1, r.findings("unreadable-file", broken).size(), r.all());
        assertEquals(List.of(), r.findings("unknown-authority"), r.all());
    }

    @Test
    void intermediateInTheLeafFile() throws IOException {
        Path leaf = dir.resolve("chain.pem");
        Pki.Issued issued = INTERMEDIATE.issue("db.example.com").sans("db.example.com").serverAuth().build();
        Files.writeString(leaf, issued.certPem() + INTERMEDIATE.certPem());
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", "db.example.com");
        assertEquals(0, r.exitCode(), r.all());
    }

    @Test
    void missingIntermediateIsAnUnknownAuthority() {
        Path leaf = INTERMEDIATE.issue("db.example.com").sans("db.example.com").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        JsonNode f = single(r, "unknown-authority");
        assertEquals("error", f.path("severity").asText());
        assertEquals(leaf.toString(), f.path("subject").asText());
        contains(f.path("message").asText(), "does not verify as a certificate against " + roots,
                "issuer 'CN=Example Issuing CA,O=Cockroach' of 'CN=db.example.com,O=Cockroach' is not in " + roots + " and no intermediate certificate for it was given");
        contains(f.path("fix").asText(), "put the issuing CA certificate into " + roots);
    }

    @Test
    void ipHostAgainstADnsOnlySan() {
        Path leaf = ROOT.issue("10.1.2.3").sans("DNS:10.1.2.3", "db.example.com").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", "10.1.2.3", "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        JsonNode f = single(r, "san-missing-host");
        contains(f.path("message").asText(), "is not valid for the IP address 10.1.2.3", "an IP must be an IP SAN");
        contains(f.path("fix").asText(), "openssl req -new -key " + dir.resolve("leaf.key") + " -subj /O=Cockroach/CN=10.1.2.3"
                + " -addext subjectAltName=IP:10.1.2.3,DNS:db.example.com -out " + dir.resolve("leaf.csr"));
    }

    @Test
    void wildcardCoversExactlyOneLabelAndTheCommonNameNever() {
        Path leaf = ROOT.issue("a.b.example.com").sans("DNS:*.example.com").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        assertEquals(0, Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", "node7.example.com").exitCode());
        for (String host : List.of("a.b.example.com", "example.com")) {
            Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", host, "--format", "json");
            assertEquals(2, r.exitCode(), r.all());
            contains(single(r, "san-missing-host").path("message").asText(), "is not valid for the host name " + host + "; its SANs are DNS:*.example.com");
        }
    }

    @Test
    void purposeDecidesTheExtendedKeyUsageNeeded() {
        Path leaf = ROOT.issue("db.example.com").sans("db.example.com").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        assertEquals(0, Cli.run("check", leaf.toString(), "--ca", roots.toString()).exitCode(), "no purpose, no host: any use");
        assertEquals(0, Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--purpose", "server").exitCode());
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--purpose", "client", "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        contains(single(r, "key-usage").path("message").asText(), "needs extended key usage clientAuth to be a TLS client, but has only serverAuth");
    }

    @Test
    void hostImpliesServerPurpose() {
        Path leaf = ROOT.issue("db.example.com").sans("db.example.com").clientAuth().build().writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--host", "db.example.com", "--format", "json");
        contains(single(r, "key-usage").path("message").asText(), "needs extended key usage serverAuth");
    }

    @Test
    void withoutCaTheSystemTrustStoreDoesNotKnowAPrivateCa() {
        Path leaf = ROOT.issue("db.example.com").sans("db.example.com").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        contains(single(r, "unknown-authority").path("message").asText(), "the system trust store");
    }

    @Test
    void caDefaultsToTheCertsDirectorysCaCrt() {
        Path certs = dir.resolve("certs");
        ROOT.writeCert(certs.resolve("ca.crt"));
        Path leaf = ROOT.issue("db.example.com").sans("db.example.com").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        assertEquals(0, Cli.run("check", leaf.toString(), "--certs-dir", certs.toString()).exitCode());
    }

    @Test
    void atMomentJudgesEveryCertificateThen() {
        Path leaf = INTERMEDIATE.issue("db.example.com").sans("db.example.com").serverAuth().build().writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Path im = INTERMEDIATE.writeCert(dir.resolve("im.pem"));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--untrusted", im.toString(), "--at", "2040-01-01", "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        List<JsonNode> expired = r.findings("expired");
        assertTrue(expired.stream().anyMatch(f -> f.path("subject").asText().equals(leaf.toString())
                && f.path("message").asText().contains("the certificate 'CN=db.example.com,O=Cockroach' expired")), r.all());
        assertTrue(expired.stream().anyMatch(f -> f.path("message").asText().contains("intermediate 'CN=Example Issuing CA,O=Cockroach' expired")), r.all());
        assertTrue(expired.stream().anyMatch(f -> f.path("subject").asText().equals(roots.toString())), r.all());
    }

    @Test
    void keyBesideTheCertificateIsChecked() {
        Pki.Issued issued = ROOT.issue("db.example.com").sans("db.example.com").serverAuth().build();
        Path leaf = issued.writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Pki.writeKey(dir.resolve("leaf.key"), issued.keyPem());
        assertEquals(0, Cli.run("check", leaf.toString(), "--ca", roots.toString()).exitCode());
        Pki.writeKey(dir.resolve("leaf.key"), ROOT.keyPem());
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        contains(single(r, "key-mismatch").path("message").asText(), "its key " + dir.resolve("leaf.key"));
    }

    @Test
    void derKeyBesideTheCertificateIsUnderstoodOutsideACertsDirectory() throws IOException {
        Pki.Issued issued = ROOT.issue("db.example.com").sans("db.example.com").serverAuth().key("EC:secp256r1").build();
        Path leaf = issued.writeCert(dir.resolve("leaf.crt"));
        Path roots = ROOT.writeCert(dir.resolve("roots.pem"));
        Files.write(dir.resolve("leaf.key"), KeyFiles.pkcs8Der(issued.keyPair().getPrivate()));
        Files.setPosixFilePermissions(dir.resolve("leaf.key"), PosixFilePermissions.fromString("rw-------"));
        Cli.Result matching = Cli.run("check", leaf.toString(), "--ca", roots.toString());
        assertEquals(0, matching.exitCode(), matching.all());
        Files.write(dir.resolve("leaf.key"), KeyFiles.pkcs8Der(Pki.freshKey("EC:secp256r1").getPrivate()));
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString(), "--format", "json");
        assertEquals(1, r.findings("key-mismatch").size(), r.all());
    }

    @Test
    void unreadableCaFileIsOneLineAndExit3() throws IOException {
        Path leaf = ROOT.issue("db.example.com").sans("db.example.com").build().writeCert(dir.resolve("leaf.crt"));
        Path roots = Files.writeString(dir.resolve("roots.pem"), "garbage");
        Cli.Result r = Cli.run("check", leaf.toString(), "--ca", roots.toString());
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("tls-doctor: " + roots + ": no certificates found (not PEM, DER, PKCS#7, PKCS#12, a Java key store or a JSON certificate bundle)", r.err().strip());
        assertEquals("", r.out());
    }

    private static JsonNode single(Cli.Result r, String rule) {
        List<JsonNode> matching = r.findings(rule);
        assertEquals(1, matching.size(), () -> "expected one '" + rule + "' finding:\n" + r.all());
        return matching.get(0);
    }
}
