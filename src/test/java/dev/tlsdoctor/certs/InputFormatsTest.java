package dev.tlsdoctor.certs;

import static dev.tlsdoctor.testing.Doctor.contains;
import static dev.tlsdoctor.testing.Doctor.none;
import static dev.tlsdoctor.testing.Doctor.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Doctor;
import dev.tlsdoctor.testing.KeyFiles;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Certificates as PEM (many blocks), DER, Vault issue JSON and Cloud payloads; keys in every encoding users meet. */
class InputFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;


    @Test
    void pemBundleWithTextAroundAndBetweenBlocks() throws BadFileException {
        Pki.Issued other = Pki.ca("Cockroach CA 2").build();
        String text = "# CA bundle, rotated 2025\n\n" + CA.certPem() + "\nsome note\n" + other.certPem() + "trailing garbage\n";
        CertParser.Parsed parsed = CertParser.parse(dir.resolve("ca.crt"), text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(CA.cert(), other.cert()), parsed.certs());
        assertEquals(CertParser.Encoding.PEM, parsed.encoding());
    }

    @Test
    void caBundleWithCommentsInACertsDirectory() {
        CertsDirs.healthyNode(dir, CA);
        Pki.write(dir.resolve("ca.crt"), "# cluster CA\n" + CA.certPem() + "\n# old CA\n" + Pki.ca("Old CA").build().certPem());
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }

    @Test
    void derCertificateIsAcceptedOutsideACertsDirectory() throws Exception {
        Pki.Issued leaf = CA.issue("db.example.com").sans("db.example.com").serverAuth().build();
        Path der = Files.write(dir.resolve("leaf.der"), leaf.cert().getEncoded());
        Path roots = CA.writeCert(dir.resolve("roots.pem"));
        assertEquals(CertParser.Encoding.DER, CertParser.parse(der, Files.readAllBytes(der)).encoding());
        Cli.Result r = Cli.run("check", der.toString(), "--ca", roots.toString(), "--host", "db.example.com");
        assertEquals(0, r.exitCode(), r.all());
    }

    @Test
    void derCertificateInACertsDirectoryIsUnreadableForCockroachDb() throws Exception {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued node = CA.issue("node").sans("localhost").serverAndClient().build();
        Files.write(dir.resolve("node.crt"), node.cert().getEncoded());
        Pki.writeKey(dir.resolve("node.key"), node.keyPem());
        Finding f = only(Doctor.dir(dir), "unreadable-file", Severity.ERROR, dir.resolve("node.crt"));
        assertEquals("written as DER, but CockroachDB reads only PEM certificate files", f.message());
        contains(f.fix(), "openssl x509 -inform DER -in " + dir.resolve("node.crt") + " -out " + dir.resolve("node.crt") + ".pem");
    }

    @ParameterizedTest
    @CsvSource({
        "RSA:2048, traditional, PKCS1_PEM",
        "RSA:2048, pkcs8, PKCS8_PEM",
        "EC:secp256r1, traditional, SEC1_PEM",
        "EC:secp256r1, pkcs8, PKCS8_PEM",
        "Ed25519, pkcs8, PKCS8_PEM",
        "RSA:2048, der, PKCS8_DER",
        "EC:secp256r1, der, PKCS8_DER",
        "Ed25519, der, PKCS8_DER"})
    void everyKeyEncodingParsesAndMatchesItsCertificate(String kind, String encoding, KeyFormat expected) throws BadFileException {
        Pki.Issued issued = CA.issue("root").clientAuth().keyPair(Pki.key(kind)).build();
        byte[] bytes = switch (encoding) {
            case "traditional" -> Pki.traditionalKeyPem(issued.keyPair()).getBytes(StandardCharsets.US_ASCII);
            case "pkcs8" -> KeyFiles.pkcs8Pem(issued.keyPair().getPrivate()).getBytes(StandardCharsets.US_ASCII);
            default -> KeyFiles.pkcs8Der(issued.keyPair().getPrivate());
        };
        ParsedKey key = KeyParser.parse(dir.resolve("client.root.key"), bytes);
        assertEquals(expected, key.format());
        assertTrue(key.matches(issued.cert().getPublicKey()));
        Pki.Issued stranger = CA.issue("root").clientAuth().keyPair(Pki.freshKey(kind)).build();
        assertTrue(!key.matches(stranger.cert().getPublicKey()), "a key must not match another key's certificate");
        assertTrue(!key.toString().contains(java.util.Base64.getEncoder().encodeToString(issued.keyPair().getPrivate().getEncoded()).substring(40, 60)));
    }

    @Test
    void ecKeyWithAnEcParametersBlockFirst() throws BadFileException {
        Pki.Issued issued = CA.issue("root").clientAuth().key("EC:secp256r1").build();
        String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + Pki.traditionalKeyPem(issued.keyPair());
        ParsedKey key = KeyParser.parse(dir.resolve("node.key"), pem.getBytes(StandardCharsets.US_ASCII));
        assertEquals(KeyFormat.SEC1_PEM, key.format());
        assertTrue(key.matches(issued.cert().getPublicKey()));
    }

    @Test
    void aKeyOfAKindCockroachDbCannotReadIsNamed() {
        String openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        BadFileException e = assertThrows(BadFileException.class, () -> KeyParser.parse(dir.resolve("node.key"), openssh.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.reason().startsWith("a private key of a kind CockroachDB cannot read (OPENSSH PRIVATE KEY)"), e.reason());
        String damaged = "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n"; // SEQUENCE { INTEGER 0 }: no key in it
        e = assertThrows(BadFileException.class, () -> KeyParser.parse(dir.resolve("node.key"), damaged.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("damaged RSA private key", e.reason());
    }

    @Test
    void encryptedKeysAreRecognisedWithoutAPassphrase() throws BadFileException {
        Pki.Issued issued = CA.issue("root").clientAuth().build();
        ParsedKey pkcs8 = KeyParser.parse(dir.resolve("a.key"),
                KeyFiles.encryptedPkcs8Pem(issued.keyPair().getPrivate(), "pw").getBytes(StandardCharsets.US_ASCII));
        assertEquals(KeyFormat.ENCRYPTED_PKCS8, pkcs8.format());
        assertNull(pkcs8.key());
        ParsedKey legacy = KeyParser.parse(dir.resolve("b.key"),
                KeyFiles.legacyEncryptedPem(issued.keyPair().getPrivate(), "pw").getBytes(StandardCharsets.US_ASCII));
        assertEquals(KeyFormat.LEGACY_ENCRYPTED_PEM, legacy.format());
        assertNull(legacy.key());
    }

    @Test
    void derKeyInACertsDirectoryIsUnreadableForCockroachDb() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued node = CA.issue("node").sans("localhost").serverAndClient().build();
        node.writeTo(dir, "node");
        Files.write(dir.resolve("node.key"), KeyFiles.pkcs8Der(node.keyPair().getPrivate()));
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-------"));
        Finding f = only(Doctor.dir(dir), "unreadable-file", Severity.ERROR, dir.resolve("node.key"));
        contains(f.message(), "PKCS#8 DER", "CockroachDB reads only PEM keys");
        contains(f.fix(), "openssl pkey -inform DER -in " + dir.resolve("node.key"));
    }

    @Test
    void pkcs8DerCopyOfAClientKeyIsInspectable() throws IOException {
        Pki.Issued client = CA.issue("root").clientAuth().build();
        Path pk8 = Files.write(dir.resolve("client.root.key.pk8"), KeyFiles.pkcs8Der(client.keyPair().getPrivate()));
        Cli.Result r = Cli.run("inspect", pk8.toString());
        assertEquals(0, r.exitCode(), r.all());
        contains(r.out(), "private key (contents never shown)", "PKCS#8 DER (.pk8)", "RSA");
        for (String line : KeyFiles.secretLines(KeyFiles.pkcs8Der(client.keyPair().getPrivate()))) {
            assertTrue(!r.all().contains(line), "key material printed");
        }
    }

    @Test
    void vaultIssueResponse() throws Exception {
        Pki.Issued intermediate = CA.issue("Vault Issuing CA").ca().pathLen(0).build();
        Pki.Issued leaf = intermediate.issue("db.example.com").sans("db.example.com").serverAuth().build();
        Path vault = writeVault(leaf, intermediate, leaf.keyPem());
        Path roots = CA.writeCert(dir.resolve("roots.pem"));

        CertParser.Parsed parsed = CertParser.parse(vault, Files.readAllBytes(vault));
        assertEquals(CertParser.Encoding.VAULT_JSON, parsed.encoding());
        assertEquals(List.of(leaf.cert()), parsed.certs());
        assertEquals(List.of(intermediate.cert(), CA.cert()), parsed.chain());

        List<Finding> findings = Doctor.files(List.of(vault), roots, List.of(), List.of("db.example.com"), Purpose.SERVER);
        Doctor.clean(findings);
        Cli.Result r = Cli.run("check", vault.toString(), "--ca", roots.toString(), "--host", "db.example.com");
        assertEquals(0, r.exitCode(), r.all());
    }

    @Test
    void vaultResponseWhosePrivateKeyIsNotTheCertificates() throws IOException {
        Pki.Issued leaf = CA.issue("db.example.com").sans("db.example.com").serverAuth().build();
        Path vault = writeVault(leaf, CA, CA.keyPem());
        Path roots = CA.writeCert(dir.resolve("roots.pem"));
        List<Finding> findings = Doctor.files(List.of(vault), roots, List.of(), List.of(), Purpose.ANY);
        Finding f = only(findings, "key-mismatch", Severity.ERROR, vault);
        contains(f.message(), "does not belong to the certificate's public key");
        none(findings, "key-permissions"); // the key came inside the JSON: there is no key file to chmod
    }

    @Test
    void cloudClientCaPayload() throws Exception {
        ObjectNode payload = JSON.createObjectNode().put("x509_pem_cert", CA.certPem());
        Path cloud = Files.writeString(dir.resolve("client-ca.json"), JSON.writeValueAsString(payload));
        CertParser.Parsed parsed = CertParser.parse(cloud, Files.readAllBytes(cloud));
        assertEquals(CertParser.Encoding.CLOUD_JSON, parsed.encoding());
        assertEquals(List.of(CA.cert()), parsed.certs());
        Cli.Result r = Cli.run("check", cloud.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("CA", r.json().path("certificates").get(0).path("role").asText());
    }

    @Test
    void jsonWithoutACertificate() throws IOException {
        Path json = Files.writeString(dir.resolve("x.json"), "{\"data\": {\"serial_number\": \"1a:2b\"}}");
        Cli.Result r = Cli.run("check", json.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        contains(r.findings("unreadable-file").get(0).path("message").asText(), "JSON without a certificate");
    }

    private Path writeVault(Pki.Issued leaf, Pki.Issued issuer, String keyPem) throws IOException {
        ObjectNode data = JSON.createObjectNode()
                .put("certificate", leaf.certPem())
                .put("issuing_ca", issuer.certPem())
                .put("private_key", keyPem)
                .put("private_key_type", "rsa")
                .put("serial_number", "39:dd:2e");
        data.putArray("ca_chain").add(issuer.certPem()).add(CA.certPem());
        ObjectNode response = JSON.createObjectNode().put("request_id", "b3c9").put("lease_duration", 0);
        response.set("data", data);
        return Files.writeString(dir.resolve("vault-issue.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(response));
    }
}
