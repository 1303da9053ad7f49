package dev.tlsdoctor.cli;

import static dev.tlsdoctor.testing.Doctor.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.FixScript;
import dev.tlsdoctor.testing.KeyFiles;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damaged and odd input: each case is a finding or a one-line error naming the file, never a stack
 * trace, never a hang, never key material in the output, and nothing on disk changes.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a FIFO opened for reading would block forever
class BadInputTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;


    @Test
    void truncatedPem() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        String pem = Files.readString(dir.resolve("node.crt"));
        Files.writeString(dir.resolve("node.crt"), pem.substring(0, pem.length() / 2));
        contains(unreadable("node.crt"), "malformed PEM (truncated or damaged)");
    }

    @Test
    void pemWhoseBase64WasCutShort() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("node.crt")));
        lines.subList(3, lines.size() - 1).clear();
        Files.write(dir.resolve("node.crt"), lines);
        contains(unreadable("node.crt"), "certificate #1 does not parse as X.509");
    }

    @Test
    void binaryGarbage() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        garbage[0] = 0x17;
        Files.write(dir.resolve("node.crt"), garbage);
        contains(unreadable("node.crt"), "no certificates found");
        garbage[0] = 0x30; // looks like the start of DER
        Files.write(dir.resolve("node.crt"), garbage);
        contains(unreadable("node.crt"), "does not parse as X.509");
    }

    @Test
    void malformedDerKey() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        for (byte[] der : List.of(new byte[] {0x30, 0x00}, new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}, new byte[] {0x30, (byte) 0x84, 0x7f, 0x00})) {
            Files.write(dir.resolve("node.key"), der);
            assertEquals("DER data that is not a PKCS#8 private key", unreadableIn(run(), "node.key"));
            Cli.Result inspect = Cli.run("inspect", dir.resolve("node.key").toString());
            assertEquals(3, inspect.exitCode(), inspect.all());
            assertOneLineError(inspect, dir.resolve("node.key"));
            contains(inspect.err(), "DER data that is not a PKCS#8 private key");
        }
    }

    @Test
    void emptyFile() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.write(dir.resolve("ca.crt"), new byte[0]);
        assertEquals("empty file", unreadable("ca.crt"));
        Files.write(dir.resolve("client.root.key"), new byte[0]);
        assertEquals("empty file", unreadableIn(run(), "client.root.key"));
    }

    @Test
    void directoryWhereTheCertificateShouldBe() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.delete(dir.resolve("node.crt"));
        Files.createDirectory(dir.resolve("node.crt"));
        assertEquals("is a directory, not a file", unreadable("node.crt"));
    }

    @Test
    void symbolicLinkLoop() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
        Files.delete(dir.resolve("node.crt"));
        Files.createSymbolicLink(dir.resolve("node.crt"), dir.resolve("a"));
        contains(unreadable("node.crt"), "too many levels of symbolic links");
        Cli.Result inspect = Cli.run("inspect", dir.resolve("a").toString());
        assertEquals(3, inspect.exitCode(), inspect.all());
        assertOneLineError(inspect, dir.resolve("a"));
    }

    @Test
    void danglingSymbolicLinks() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.delete(dir.resolve("ca.crt"));
        Files.createSymbolicLink(dir.resolve("ca.crt"), dir.resolve("gone/ca.crt"));
        assertEquals("broken symbolic link", unreadable("ca.crt"));
        Files.delete(dir.resolve("client.root.key"));
        Files.createSymbolicLink(dir.resolve("client.root.key"), dir.resolve("gone/client.root.key"));
        Cli.Result r = run();
        assertEquals(1, r.findings("missing-file", dir.resolve("client.root.key")).size(), r.all());
    }

    @Test
    void fifoIsNeverOpened() throws Exception {
        CertsDirs.healthyNode(dir, CA);
        Files.delete(dir.resolve("node.crt"));
        mkfifo(dir.resolve("node.crt"));
        Files.delete(dir.resolve("client.root.key"));
        mkfifo(dir.resolve("client.root.key"));
        mkfifo(dir.resolve("stray.pem"));
        Cli.Result r = run();
        assertEquals("not a regular file", unreadableIn(r, "node.crt"));
        contains(r.findings("missing-file", dir.resolve("client.root.key")).get(0).path("message").asText(), "not a regular file");
        Cli.Result single = Cli.run("check", dir.resolve("node.crt").toString(), "--ca", dir.resolve("node.crt").toString());
        assertEquals(3, single.exitCode(), single.all());
        assertOneLineError(single, dir.resolve("node.crt"));
        Cli.Result inspect = Cli.run("inspect", dir.resolve("node.crt").toString());
        assertEquals(3, inspect.exitCode(), inspect.all());
        assertOneLineError(inspect, dir.resolve("node.crt"));
    }

    @Test
    void hugeFileIsNotReadWhole() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        String pem = Files.readString(dir.resolve("ca.crt"));
        StringBuilder huge = new StringBuilder();
        while (huge.length() <= (1 << 20)) {
            huge.append(pem);
        }
        Files.writeString(dir.resolve("ca.crt"), huge);
        assertEquals("larger than 1024 KiB, too large to be a certificate or key; not read", unreadable("ca.crt"));
        // a key is read after the one stat that also gives its permissions: the same limit holds
        Files.writeString(dir.resolve("client.root.key"), huge);
        assertEquals("larger than 1024 KiB, too large to be a certificate or key; not read", unreadable("client.root.key"));
    }

    @Test
    void privateKeyPastedIntoACertificateFile() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued node = CA.issue("node").sans("localhost").serverAndClient().build();
        String keyPem = node.keyPem();
        Files.writeString(dir.resolve("node.crt"), keyPem);
        assertEquals("block #1 is a private key (RSA PRIVATE KEY), not a CERTIFICATE: a key was pasted into a certificate file", unreadable("node.crt"));
        Files.writeString(dir.resolve("node.crt"), node.certPem() + keyPem);
        contains(unreadable("node.crt"), "block #2 is a private key (RSA PRIVATE KEY)");
        for (Cli.Result r : List.of(run(), Cli.run("check", "--certs-dir", dir.toString()),
                Cli.run("check", dir.resolve("node.crt").toString(), "--ca", dir.resolve("ca.crt").toString(), "--format", "json"),
                Cli.run("inspect", dir.resolve("node.crt").toString(), dir.resolve("node.key").toString()))) {
            for (String line : KeyFiles.secretLines(keyPem)) {
                assertFalse(r.all().contains(line), () -> "key material in the output:\n" + r.all());
            }
        }
    }

    @Test
    void encryptedAndOddKeysNeverShowTheirContent() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        String encrypted = KeyFiles.encryptedPkcs8Pem(Pki.key("RSA:2048").getPrivate(), "pw");
        Pki.writeKey(dir.resolve("node.key"), encrypted);
        String truncated = KeyFiles.pkcs8Pem(Pki.key("RSA:2048").getPrivate());
        Pki.writeKey(dir.resolve("client.root.key"), truncated.substring(0, truncated.length() - 40));
        for (Cli.Result r : List.of(run(), Cli.run("check", "--certs-dir", dir.toString()),
                Cli.run("inspect", dir.resolve("node.key").toString(), dir.resolve("client.root.key").toString()))) {
            for (String line : concat(KeyFiles.secretLines(encrypted), KeyFiles.secretLines(truncated))) {
                assertFalse(r.all().contains(line), () -> "key material in the output:\n" + r.all());
            }
            assertNoStackTrace(r);
        }
    }

    @Test
    void nonexistentCertsDirectory() {
        Path missing = dir.resolve("no-such-dir");
        Cli.Result r = Cli.run("check", "--certs-dir", missing.toString());
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("tls-doctor: " + missing + ": no such certs directory\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void certsDirectoryThatIsAFile() {
        Path file = CA.writeCert(dir.resolve("ca.crt"));
        Cli.Result r = Cli.run("check", "--certs-dir", file.toString());
        assertEquals(3, r.exitCode(), r.all());
        assertOneLineError(r, file);
    }

    /** A FILE that is no file to look at could not be checked (exit 3, one line): not a CRITICAL finding with advice to convert it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"missing, no such file", "directory, 'is a directory, not a file'", "empty, empty file",
            "too large, 'larger than 1024 KiB, too large to be a certificate or key; not read'"})
    void fileArgumentThatIsNoFileCouldNotBeChecked(String kind, String reason) throws IOException {
        Path file = dir.resolve("leaf.crt");
        switch (kind) {
            case "directory" -> Files.createDirectory(file);
            case "empty" -> Files.write(file, new byte[0]);
            case "too large" -> Files.write(file, new byte[(1 << 20) + 1]);
            default -> { }
        }
        Path ca = CA.writeCert(dir.resolve("ca.pem"));
        for (String format : List.of("text", "json")) {
            Cli.Result r = Cli.run("check", file.toString(), "--ca", ca.toString(), "--format", format);
            assertEquals(3, r.exitCode(), r.all());
            assertEquals("tls-doctor: " + file + ": " + reason + "\n", r.err());
            assertEquals("", r.out(), r.all());
        }
        Cli.Result inspect = Cli.run("inspect", file.toString());
        assertEquals(3, inspect.exitCode(), inspect.all());
        assertEquals("tls-doctor: " + file + ": " + reason + "\n", inspect.err());
    }

    /**
     * A key the process may not read (the cockroach user and a key owned by someone else, mode 0600) needs its
     * owner or mode changed, never a conversion written over it. Simulated without a second user: check runs as
     * root without the capabilities that bypass file permissions (setpriv), on a key owned by another uid.
     * The fix, run as root, makes the key readable, and the same check then finds nothing unreadable.
     */
    @Test
    void keyTheProcessMayNotReadNeedsOwnerAndModeNotConversion() throws Exception {
        Assumptions.assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0 && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv");
        CertsDirs.healthyNode(dir, CA);
        Path key = dir.resolve("node.key");
        assertEquals(0, new ProcessBuilder("chown", "12345:12345", key.toString()).start().waitFor());
        Cli.Result r = unprivilegedCheck();
        List<JsonNode> found = r.findings("unreadable-file", key);
        assertEquals(1, found.size(), r.all());
        assertEquals("permission denied", found.get(0).path("message").asText());
        String fix = found.get(0).path("fix").asText();
        contains(fix, "chown root " + key + " && chmod 600 " + key);
        assertFalse(fix.contains("openssl") || fix.contains("mv "), fix);

        FixScript script = FixScript.of(fix);
        assertEquals(0, script.run(dir, Map.of(), null).exitCode(), script.toString());
        assertEquals(List.of(), unprivilegedCheck().findings("unreadable-file"));
    }

    /** tls-doctor check --certs-dir dir, in a JVM of its own without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. */
    private Cli.Result unprivilegedCheck() throws Exception {
        String javaBinary = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder("setpriv", "--bounding-set", "-dac_override,-dac_read_search", javaBinary, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "check", "--certs-dir", dir.toString(), "--format", "json").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Cli.Result(p.exitValue(), out, "");
    }

    /** A file that reads but holds no certificate is a finding about it, and no conversion is proposed for what is not DER. */
    @Test
    void fileArgumentHoldingNoCertificateIsAFindingWithoutConversion() throws IOException {
        Path file = Files.writeString(dir.resolve("leaf.crt"), "not a certificate\n");
        Cli.Result r = Cli.run("check", file.toString(), "--ca", CA.writeCert(dir.resolve("ca.pem")).toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        String fix = r.findings("unreadable-file", file).get(0).path("fix").asText();
        contains(fix, "Replace " + file + " with an intact copy");
        assertFalse(fix.contains("openssl") || fix.contains("DER"), fix);
    }

    @Test
    void badAtMoment() {
        CertsDirs.healthyNode(dir, CA);
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--at", "next tuesday");
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("tls-doctor: --at: 'next tuesday' is not an ISO-8601 date (2027-01-01) or instant (2027-01-01T12:00:00Z)\n", r.err());
    }

    @Test
    void badPrincipalMap() {
        CertsDirs.healthyNode(dir, CA);
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--cert-principal-map", "bob:root,alice");
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("tls-doctor: --cert-principal-map: invalid <cert-principal>:<db-principal> mapping: \"alice\"\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownOptionAndBadValues() {
        for (String[] args : List.of(new String[] {"check", "--no-such-flag"}, new String[] {"check", "--warn-days", "soon"},
                new String[] {"check", "--format", "xml"}, new String[] {"check", "--purpose", "both", "x.crt"},
                new String[] {"check", "--warn-days", "-1", "--certs-dir", dir.toString()}, new String[] {"frobnicate"})) {
            Cli.Result r = Cli.run(args);
            assertEquals(3, r.exitCode(), () -> String.join(" ", args) + "\n" + r.all());
            assertEquals(1, r.err().lines().count(), () -> String.join(" ", args) + "\n" + r.all());
            assertTrue(r.err().startsWith("tls-doctor: "), r.all());
        }
    }

    @Test
    void nothingOnDiskChanges() throws Exception {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued node = CA.issue("node").sans("localhost").serverAndClient().build();
        Files.writeString(dir.resolve("node.crt"), node.keyPem());
        Files.setPosixFilePermissions(dir.resolve("client.root.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Pki.writeKey(dir.resolve("ca.key"), CA.keyPem());
        Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
        Files.createDirectory(dir.resolve("old"));
        Files.setLastModifiedTime(dir.resolve("ca.crt"), java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
        Map<String, String> before = snapshot(dir);
        run();
        Cli.run("check", "--certs-dir", dir.toString(), "--host", "localhost", "--user", "root");
        Cli.run("check", dir.resolve("client.root.crt").toString(), "--ca", dir.resolve("ca.crt").toString());
        Cli.run("inspect", dir.resolve("node.crt").toString(), dir.resolve("ca.crt").toString(), dir.resolve("client.root.key").toString());
        assertEquals(before, snapshot(dir));
    }

    /** Runs check on the directory as JSON and asserts the output is a report, not a crash. */
    private Cli.Result run() {
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--format", "json");
        assertNoStackTrace(r);
        assertEquals("", r.err(), r.all());
        assertTrue(r.exitCode() == 1 || r.exitCode() == 2, r.all());
        r.json();
        return r;
    }

    /** The message of the unreadable-file finding for {@code name} after a check of the directory. */
    private String unreadable(String name) {
        Cli.Result r = run();
        assertEquals(2, r.exitCode(), r.all());
        return unreadableIn(r, name);
    }

    private String unreadableIn(Cli.Result r, String name) {
        List<JsonNode> matching = r.findings("unreadable-file", dir.resolve(name));
        assertEquals(1, matching.size(), () -> "expected one unreadable-file finding for " + name + ":\n" + r.all());
        assertEquals("error", matching.get(0).path("severity").asText());
        return matching.get(0).path("message").asText();
    }

    private static void assertOneLineError(Cli.Result r, Path file) {
        assertNoStackTrace(r);
        assertEquals(1, r.err().lines().count(), r.all());
        assertTrue(r.err().startsWith("tls-doctor: " + file + ": "), r.all());
    }

    private static void assertNoStackTrace(Cli.Result r) {
        assertFalse(r.all().contains("\tat ") || r.all().contains("Exception") || r.all().contains("internal error"), r.all());
    }

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Every entry under {@code root} (links not followed) with its type, mode, size, modification time and content digest. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String entry;
                if (Files.isSymbolicLink(p)) {
                    entry = "link -> " + Files.readSymbolicLink(p);
                } else {
                    entry = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) + " "
                            + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis()
                            + (Files.isRegularFile(p) ? " " + Arrays.hashCode(Files.readAllBytes(p)) : " dir");
                }
                state.put(root.relativize(p).toString(), entry);
            }
        }
        return state;
    }
}
