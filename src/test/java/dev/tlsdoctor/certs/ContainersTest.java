package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.OddCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PKCS#12, PKCS#7, JKS/JCEKS and OpenSSL's PEM variants, written at run time by the tools users have
 * ({@code openssl pkcs12 -export}, {@code openssl crl2pkcs7}, {@code keytool}), each with one and several
 * certificates, read through {@code check} and {@code inspect}: entries named by place, keys judged, and
 * wrong, missing and empty passwords.
 */
class ContainersTest {
    private static final Pki.Issued CA = Pki.ca("Container CA").build();
    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    Path dir;
    private Path caFile;
    private Path leafCert;
    private Path leafKey;
    private Path passwordFile;

    @BeforeEach
    void files() throws IOException {
        caFile = CA.writeCert(dir.resolve("ca.crt"));
        Pki.Issued leaf = CA.issue("app").sans("db.example.com").serverAndClient().build();
        leaf.writeTo(dir, "leaf");
        leafCert = dir.resolve("leaf.crt");
        leafKey = dir.resolve("leaf.key");
        passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    }

    @Test
    void aPkcs12FileWithItsChainIsJudgedEntryByEntryWithItsKey() throws Exception {
        Path p12 = dir.resolve("client.p12");
        run("openssl", "pkcs12", "-export", "-in", leafCert.toString(), "-inkey", leafKey.toString(), "-certfile", caFile.toString(),
                "-name", "user", "-passout", "pass:" + PASSWORD, "-out", p12.toString());
        Cli.Result r = Cli.run("check", p12.toString(), "--ca", caFile.toString(), "--password-file", passwordFile.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        // the CA is judged in the chain of the key entry's certificate, not on its own
        assertEquals(List.of(p12 + "#1"), subjects(r));
        assertEquals(2, r.json().path("certificates").size() - 1, r.all());
        assertFalse(r.all().contains(PASSWORD), "the password is never printed");

        Cli.Result inspected = Cli.run("inspect", p12.toString(), "--password-file", passwordFile.toString());
        assertTrue(inspected.out().contains("entry #1: certificates #1, #2, with a private key"), inspected.all());
        assertTrue(inspected.out().contains("format:       in a PKCS#12 file (.p12/.pfx)"), inspected.all());
        assertTrue(inspected.out().contains("matches:      yes"), inspected.all());
        assertFalse(inspected.out().contains("PRIVATE KEY-----"), "no key material");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsFoundInsideAPkcs12File() throws Exception {
        // the JDK's own PKCS#12 writer does not check that a key entry's key and certificate belong together
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("user", Pki.freshKey("rsa").getPrivate(), PASSWORD.toCharArray(), new Certificate[] {CA.issue("app").build().cert()});
        Path p12 = dir.resolve("mismatched.p12");
        try (var out = Files.newOutputStream(p12)) {
            store.store(out, PASSWORD.toCharArray());
        }
        Cli.Result r = Cli.run("check", p12.toString(), "--ca", caFile.toString(), "--password-file", passwordFile.toString(), "--format", "json");
        List<JsonNode> mismatch = r.findings("key-mismatch", p12 + "#1");
        assertEquals(1, mismatch.size(), r.all());
    }

    @Test
    void aWrongPasswordIsOneLineAndExit3() throws Exception {
        Path p12 = dir.resolve("client.p12");
        run("openssl", "pkcs12", "-export", "-in", leafCert.toString(), "-inkey", leafKey.toString(), "-passout", "pass:other", "-out", p12.toString());
        Cli.Result r = Cli.run("check", p12.toString(), "--password-file", passwordFile.toString());
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("tls-doctor: " + p12 + ": the password given does not open this PKCS#12 file\n", r.err());
        assertFalse(r.all().contains(PASSWORD));

        Cli.Result none = Cli.run("check", p12.toString());
        assertEquals(3, none.exitCode(), none.all());
        assertTrue(none.err().contains("needs a password: give it with --password-file FILE or the TLS_DOCTOR_PASSWORD environment variable"), none.all());
    }

    @Test
    void aPkcs12FileWithAnEmptyPasswordOpensWithoutOne() throws Exception {
        Path p12 = dir.resolve("empty.pfx");
        run("openssl", "pkcs12", "-export", "-in", leafCert.toString(), "-inkey", leafKey.toString(), "-passout", "pass:", "-out", p12.toString());
        Cli.Result r = Cli.run("check", p12.toString(), "--ca", caFile.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of(p12 + "#1"), subjects(r));
    }

    @Test
    void legacyPkcs12EncryptionIsReadToo() throws Exception {
        Path p12 = dir.resolve("legacy.p12");
        run("openssl", "pkcs12", "-export", "-legacy", "-in", leafCert.toString(), "-inkey", leafKey.toString(), "-passout", "pass:" + PASSWORD, "-out", p12.toString());
        Cli.Result r = Cli.run("check", p12.toString(), "--ca", caFile.toString(), "--password-file", passwordFile.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of(p12 + "#1"), subjects(r));
    }

    @Test
    void aJksTrustStoreIsACaFileAndItsEntriesAreNamedByAlias() throws Exception {
        Path jks = dir.resolve("truststore.jks");
        run(keytool(), "-importcert", "-noprompt", "-alias", "cockroach-ca", "-file", caFile.toString(), "-keystore", jks.toString(),
                "-storepass", "changeit", "-storetype", "JKS");
        // a trust store's certificates are read without its password, as keytool -list does (integrity not checked)
        Cli.Result r = Cli.run("check", leafCert.toString(), "--ca", jks.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        Cli.Result listed = Cli.run("check", jks.toString(), "--format", "json");
        assertEquals(List.of(jks + ":cockroach-ca"), subjects(listed));

        Files.writeString(passwordFile, "not-changeit\n");
        Cli.Result wrong = Cli.run("check", jks.toString(), "--password-file", passwordFile.toString());
        assertEquals(3, wrong.exitCode(), wrong.all());
        assertEquals("tls-doctor: " + jks + ": the password given does not open this JKS key store\n", wrong.err());
    }

    @Test
    void aJceksKeyEntryIsJudgedWithItsKey() throws Exception {
        Path p12 = dir.resolve("source.p12");
        run("openssl", "pkcs12", "-export", "-in", leafCert.toString(), "-inkey", leafKey.toString(), "-certfile", caFile.toString(),
                "-name", "app", "-passout", "pass:" + PASSWORD, "-out", p12.toString());
        Path jceks = dir.resolve("keys.jceks");
        run(keytool(), "-importkeystore", "-srckeystore", p12.toString(), "-srcstoretype", "PKCS12", "-srcstorepass", PASSWORD,
                "-destkeystore", jceks.toString(), "-deststoretype", "JCEKS", "-deststorepass", PASSWORD, "-destkeypass", PASSWORD);
        Cli.Result inspected = Cli.run("inspect", jceks.toString(), "--password-file", passwordFile.toString());
        assertTrue(inspected.out().contains("entry :app: certificates #1, #2, with a private key"), inspected.all());
        assertTrue(inspected.out().contains("format:       in a Java key store (JKS/JCEKS)"), inspected.all());
        assertTrue(inspected.out().contains("matches:      yes"), inspected.all());
        Cli.Result r = Cli.run("check", jceks.toString(), "--ca", caFile.toString(), "--password-file", passwordFile.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(List.of(jceks + ":app"), subjects(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PEM", "DER"})
    void aPkcs7BundleIsReadInEitherEncoding(String form) throws Exception {
        Pki.Issued intermediate = CA.issue("Intermediate CA").ca().build();
        Path chain = Files.writeString(dir.resolve("chain.pem"), intermediate.issue("leaf2").serverAuth().build().certPem() + intermediate.certPem() + CA.certPem());
        Path p7b = dir.resolve("chain.p7b");
        run("openssl", "crl2pkcs7", "-nocrl", "-certfile", chain.toString(), "-outform", form, "-out", p7b.toString());
        Cli.Result r = Cli.run("check", p7b.toString(), "--ca", caFile.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        // the intermediate is judged in the leaf's chain; the leaf and the root are entries of their own
        assertEquals(List.of(p7b + "#1", p7b + "#3"), subjects(r));

        Path one = dir.resolve("one.p7b");
        run("openssl", "crl2pkcs7", "-nocrl", "-certfile", caFile.toString(), "-outform", form, "-out", one.toString());
        assertEquals(List.of(one + "#1"), subjects(Cli.run("check", one.toString(), "--format", "json")));
    }

    @Test
    void opensslsTrustedAndX509CertificateBlocksAreRead() throws Exception {
        Path trusted = dir.resolve("trusted.pem");
        run("openssl", "x509", "-in", caFile.toString(), "-trustout", "-addtrust", "serverAuth", "-out", trusted.toString());
        assertTrue(Files.readString(trusted).contains("-----BEGIN TRUSTED CERTIFICATE-----"));
        Path x509 = Files.writeString(dir.resolve("x509.pem"), Files.readString(leafCert).replace("BEGIN CERTIFICATE", "BEGIN X509 CERTIFICATE")
                .replace("END CERTIFICATE", "END X509 CERTIFICATE"));
        Cli.Result r = Cli.run("check", x509.toString(), "--ca", trusted.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());

        // Go's pem loop in CockroachDB takes CERTIFICATE blocks only: in a certs directory such a file is unreadable
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.copy(trusted, certs.resolve("ca.crt"));
        Cli.Result inDir = Cli.run("check", "--certs-dir", certs.toString(), "--format", "json");
        assertTrue(inDir.findings("unreadable-file", certs.resolve("ca.crt")).get(0).path("message").asText()
                .startsWith("written as PEM with OpenSSL's X509 CERTIFICATE or TRUSTED CERTIFICATE blocks"), inDir.all());
    }

    @ParameterizedTest
    @ValueSource(strings = {"p12", "jks", "p7b"})
    void aTruncatedContainerIsMalformedNotACrash(String kind) throws Exception {
        Path whole = dir.resolve("whole." + kind);
        switch (kind) {
            case "p12" -> run("openssl", "pkcs12", "-export", "-in", leafCert.toString(), "-inkey", leafKey.toString(), "-passout", "pass:" + PASSWORD, "-out", whole.toString());
            case "jks" -> run(keytool(), "-importcert", "-noprompt", "-alias", "ca", "-file", caFile.toString(), "-keystore", whole.toString(),
                    "-storepass", PASSWORD, "-storetype", "JKS");
            default -> run("openssl", "crl2pkcs7", "-nocrl", "-certfile", caFile.toString(), "-outform", "DER", "-out", whole.toString());
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut." + kind), Arrays.copyOf(bytes, bytes.length / 2));
        Cli.Result r = Cli.run("check", cut.toString(), "--password-file", passwordFile.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        String message = r.findings("unreadable-file", cut).get(0).path("message").asText();
        assertTrue(message.startsWith("malformed ") && message.contains("(truncated or damaged)"), message);
    }

    @Test
    void aTreeOfContainersAndOddCertificatesEndsInNoInternalError() throws Exception {
        Path tree = dir.resolve("corpus");
        OddCorpus.write(tree, 2);
        Files.writeString(passwordFile, OddCorpus.PASSWORD + "\n");
        Cli.Result r = Cli.run("check", "--recursive", tree.toString(), "--password-file", passwordFile.toString(), "--format", "json");
        JsonNode corpus = r.json().path("corpus");
        assertEquals(2 * OddCorpus.FILES_PER_ROUND, corpus.path("files_seen").asInt(), r.all());
        // per round only the four truncated copies and the random bytes fail; before containers were read, all but 2 of 26 did
        assertEquals(2 * (OddCorpus.FILES_PER_ROUND - 5), corpus.path("certificate_files").asInt(), r.all());
        assertEquals("{\"malformed\":8,\"not-a-certificate\":2}", corpus.path("failures_by_reason").toString(), r.all());
        assertFalse(r.all().contains(OddCorpus.PASSWORD));
    }

    /** What the report's certificate inventory names the certificates it examined by (files and places in them) in order, once each, --ca's file left out. */
    private static List<String> subjects(Cli.Result r) {
        List<String> subjects = new ArrayList<>();
        r.json().path("certificates").forEach(c -> {
            if (!subjects.contains(c.path("file").asText()) && !c.path("file").asText().endsWith("ca.crt")) {
                subjects.add(c.path("file").asText());
            }
        });
        return subjects;
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    /** Runs a tool, failing the test with its output when it fails. */
    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out.toString(StandardCharsets.UTF_8));
    }
}
