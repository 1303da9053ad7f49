package dev.tlsdoctor.rules.checks;

import static dev.tlsdoctor.testing.Doctor.contains;
import static dev.tlsdoctor.testing.Doctor.none;
import static dev.tlsdoctor.testing.Doctor.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Doctor;
import dev.tlsdoctor.testing.KeyFiles;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * key-permissions (CockroachDB's exact rule, pkg/security/permission_check.go), key-encrypted and
 * key-mismatch. The permission cases change owners, so they rely on running as root, as CI does.
 */
class KeyRulesTest {
    private static final int ROOT = 0;
    private static final int OTHER_USER = 4242;
    private static final int OTHER_GROUP = 4343;
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;


    /**
     * CockroachDB's table: no bit outside 0700, except that a key owned by root whose group is the
     * process's may also be group-readable (0740). {@code limit} is empty where the key is accepted.
     */
    @ParameterizedTest(name = "{2} owned by {0}, group {1}: refused beyond {3}")
    @CsvSource({
        "other, ours,  rw-------, ",
        "other, ours,  r--------, ",
        "other, ours,  rwx------, ",
        "other, ours,  rw-r-----, -rwx------",
        "other, ours,  rw-r--r--, -rwx------",
        "other, ours,  rw----r--, -rwx------",
        "other, ours,  rwxrwxrwx, -rwx------",
        "root,  ours,  rw-r-----, ",
        "root,  ours,  rwxr-----, ",
        "root,  ours,  rw-------, ",
        "root,  ours,  rw-rw----, -rwxr-----",
        "root,  ours,  rw-r-x---, -rwxr-----",
        "root,  ours,  rw-r--r--, -rwxr-----",
        "root,  other, rw-r-----, -rwx------",
        "root,  other, rw-------, "})
    void keyPermissionRule(String owner, String group, String mode, String limit) throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Path key = dir.resolve("node.key");
        Files.setAttribute(key, "unix:uid", owner.equals("root") ? ROOT : OTHER_USER);
        Files.setAttribute(key, "unix:gid", group.equals("ours") ? (int) Doctor.processGid() : OTHER_GROUP);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        List<Finding> findings = Doctor.dir(dir);
        if (limit == null) {
            none(findings, "key-permissions");
            return;
        }
        Finding f = only(findings, "key-permissions", Severity.ERROR, dir.resolve("node.crt"));
        assertEquals("key file " + key + " has permissions -" + mode + ", exceeds " + limit + "; CockroachDB refuses to use it", f.message());
        assertEquals("chmod " + (limit.equals("-rwxr-----") ? "640 " : "600 ") + key, f.fix());
    }

    @Test
    void skipEnvironmentVariableMakesItInformation() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Path key = dir.resolve("node.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        RunSettings skip = new RunSettings(Instant.now(), null, null, PrincipalMap.NONE, true, Doctor.processGid());
        List<Finding> findings = Doctor.dir(dir, skip, List.of(), null);
        Finding f = only(findings, "key-permissions", Severity.INFO, dir.resolve("node.crt"));
        contains(f.message(), "COCKROACH_SKIP_KEY_PERMISSION_CHECK is set", "libpq clients still demand 0600");
        assertEquals(1, findings.size(), Doctor.describe(findings));
    }

    @Test
    void permissionsFollowSymbolicLinksAsCockroachDbsStatDoes() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Path real = dir.resolve("keys/node.key");
        Files.createDirectories(real.getParent());
        Files.move(dir.resolve("node.key"), real);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(dir.resolve("node.key"), real);
        Finding f = only(Doctor.dir(dir), "key-permissions", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "has permissions -rw-r--r--");
    }

    @Test
    void certificatesAndCaKeysAreNotSubjectToTheKeyRule() throws IOException {
        Pki.Issued ownCa = CertsDirs.healthyNode(dir);
        Files.setPosixFilePermissions(dir.resolve("node.crt"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Path caKey = Pki.writeKey(dir.resolve("ca.key"), ownCa.keyPem());
        Files.setPosixFilePermissions(caKey, PosixFilePermissions.fromString("rw-rw-rw-"));
        none(Doctor.dir(dir), "key-permissions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pkcs8", "legacy"})
    void encryptedKey(String kind) {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued node = CA.issue("node").sans("localhost").serverAndClient().build();
        node.writeTo(dir, "node");
        String pem = kind.equals("pkcs8")
                ? KeyFiles.encryptedPkcs8Pem(node.keyPair().getPrivate(), "secret")
                : KeyFiles.legacyEncryptedPem(node.keyPair().getPrivate(), "secret");
        Path key = Pki.writeKey(dir.resolve("node.key"), pem);
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "key-encrypted", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "its key " + key + " is encrypted", kind.equals("pkcs8") ? "ENCRYPTED PRIVATE KEY" : "Proc-Type: 4,ENCRYPTED",
                "tls: failed to parse private key");
        assertEquals("Write an unencrypted copy (you will be asked for the passphrase), then replace the key:\n"
                + "openssl pkey -in " + key + " -out " + key + ".plain && chmod 600 " + key + ".plain && mv " + key + ".plain " + key, f.fix());
        none(findings, "key-mismatch");
        none(findings, "unreadable-file");
    }

    @Test
    void keyOfAnotherCertificate() {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued other = CA.issue("node").sans("localhost").serverAndClient().build();
        Path key = Pki.writeKey(dir.resolve("node.key"), other.keyPem());
        Finding f = only(Doctor.dir(dir), "key-mismatch", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "its key " + key + " (RSA) does not belong to the certificate's public key (RSA 2048)",
                "tls: private key does not match public key");
        contains(f.fix(), "Put the matching key at " + key,
                "cockroach cert create-node localhost node1.example.com 127.0.0.1 --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite",
                "kill -HUP");
    }

    /** Every key encoding CockroachDB accepts in a certs dir: a matching key is fine, another key of the same kind is a mismatch. */
    @ParameterizedTest
    @CsvSource({
        "RSA:2048, traditional",
        "RSA:2048, pkcs8",
        "EC:secp256r1, traditional",
        "EC:secp256r1, pkcs8",
        "Ed25519, pkcs8"})
    void keyMismatchForEveryPemEncoding(String keyKind, String encoding) {
        CA.writeCert(dir.resolve("ca.crt"));
        Pki.Issued client = CA.issue("root").clientAuth().key(keyKind).build();
        Pki.Issued stranger = CA.issue("root").clientAuth().keyPair(Pki.freshKey(keyKind)).build();
        client.writeTo(dir, "client.root");
        Pki.writeKey(dir.resolve("client.root.key"), encode(client, encoding));
        Doctor.clean(Doctor.dir(dir));
        Pki.writeKey(dir.resolve("client.root.key"), encode(stranger, encoding));
        only(Doctor.dir(dir), "key-mismatch", Severity.ERROR, dir.resolve("client.root.crt"));
    }

    /** cockroach cert create-client --also-generate-pkcs8-key writes client.<user>.key.pk8 for JDBC; a stale copy breaks Java clients. */
    @Test
    void stalePkcs8CopyOfAClientKey() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued client = CA.issue("root").clientAuth().build();
        client.writeTo(dir, "client.root");
        Path pk8 = dir.resolve("client.root.key.pk8");
        Files.write(pk8, KeyFiles.pkcs8Der(client.keyPair().getPrivate()));
        Doctor.clean(Doctor.dir(dir));
        Files.write(pk8, KeyFiles.pkcs8Der(Pki.key("RSA:2048").getPrivate()));
        Finding f = only(Doctor.dir(dir), "key-mismatch", Severity.ERROR, dir.resolve("client.root.crt"));
        contains(f.message(), "its key " + pk8 + " (RSA) does not belong to the certificate's public key", "Java clients using this PKCS#8 copy fail");
        contains(f.fix(), "Put the matching key at " + pk8,
                "cockroach cert create-client root --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite --also-generate-pkcs8-key");
    }

    @Test
    void keyOfAnotherAlgorithm() {
        CertsDirs.healthyNode(dir, CA);
        Pki.writeKey(dir.resolve("client.root.key"), KeyFiles.pkcs8Pem(Pki.key("EC:secp256r1").getPrivate()));
        Finding f = only(Doctor.dir(dir), "key-mismatch", Severity.ERROR, dir.resolve("client.root.crt"));
        contains(f.message(), "(EC) does not belong to the certificate's public key (RSA 2048)");
    }

    private static String encode(Pki.Issued issued, String encoding) {
        return encoding.equals("pkcs8") ? KeyFiles.pkcs8Pem(issued.keyPair().getPrivate()) : Pki.traditionalKeyPem(issued.keyPair());
    }
}
