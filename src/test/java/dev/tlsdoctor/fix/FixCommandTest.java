package dev.tlsdoctor.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.DirSnapshot;
import dev.tlsdoctor.testing.KeyFiles;
import dev.tlsdoctor.testing.OpensslCerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code tls-doctor fix} on the shipped broken samples: planned, applied, checked again, undone. */
class FixCommandTest {
    private static final Path SAMPLES = Path.of("samples");
    /** samples/regenerate.sh signs every sample with the CA whose key broken-node leaves in its directory. */
    private static final Path SAMPLE_CA_KEY = SAMPLES.resolve("broken-node/certs/ca.key");

    @TempDir
    Path tmp;

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("broken-node", List.of("node1.example.com")),
                Arguments.of("expired-node", List.of("node1.example.com")),
                Arguments.of("group-readable-key", List.of("node1.example.com")),
                Arguments.of("missing-san-host", List.of("node1.example.com", "10.0.0.12")),
                Arguments.of("wrong-client-cn", List.of("node1.example.com")),
                Arguments.of("unknown-authority", List.of("node1.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyBrokenSampleIsRepairedAndCheckedClean(String sample, List<String> hosts) throws Exception {
        Path dir = copySample(sample);
        List<String> hostArgs = hosts.stream().flatMap(h -> Stream.of("--host", h)).toList();
        Cli.Result before = check(dir, hostArgs);
        assertTrue(before.exitCode() > 0, before.all());

        Cli.Result fix = fix(dir, hostArgs, "--apply", "--format", "json");
        assertEquals(0, fix.exitCode(), fix.all());
        JsonNode report = fix.json();
        assertTrue(report.path("applied").asBoolean(), fix.all());
        assertEquals(0, report.path("after").size(), fix.all());
        for (JsonNode finding : before.json().path("findings")) {
            assertTrue(resolvedBySomeStep(report, finding), "no step resolves " + finding + "\n" + fix.all());
        }

        Cli.Result after = check(dir, hostArgs);
        assertEquals(0, after.exitCode(), after.all());
        assertEquals(0, after.json().path("findings").size(), after.all());
        verifyWithOpenssl(dir);
        assertNoKeyMaterial(fix, dir);
    }

    @Test
    void splitCaSampleWithoutTheClientCaKeyIsAManualStep() throws Exception {
        Path dir = copySample("split-ca-mismatch");
        Map<String, String> snapshot = DirSnapshot.of(dir, null);
        Cli.Result fix = fix(dir, List.of(), "--format", "json");
        assertEquals(2, fix.exitCode(), fix.all());
        JsonNode manual = fix.json().path("manual");
        assertTrue(manual.findValuesAsText("rule").contains("split-ca-mismatch"), fix.all());
        assertTrue(manual.toString().contains("--ca-client-key"), fix.all());
        assertEquals(snapshot, DirSnapshot.of(dir, null));
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing() throws Exception {
        Path dir = copySample("broken-node");
        Path safe = tmp.resolve("safe/ca.key");
        Map<String, String> snapshot = DirSnapshot.of(dir, null);

        Cli.Result plan = Cli.run("fix", "--certs-dir", dir.toString(), "--host", "node1.example.com", "--ca-key", safe.toString());

        assertEquals(snapshot, DirSnapshot.of(dir, null));
        assertFalse(Files.exists(safe));
        assertEquals(2, plan.exitCode(), plan.all());
        String out = plan.out();
        assertTrue(out.contains("chmod 640 " + dir.resolve("client.root.key")) || out.contains("chmod 600 " + dir.resolve("client.root.key")), out);
        assertTrue(out.contains("move " + dir.resolve("ca.key") + " to " + safe), out);
        assertTrue(out.contains("re-issue " + dir.resolve("node.crt")), out);
        assertTrue(out.contains("SANs localhost, 127.0.0.1, node1.example.com"), out);
        assertTrue(out.contains("extended key usage serverAuth, clientAuth"), out);
        assertTrue(out.contains("signed by ca.crt (CN=Cockroach CA,O=Cockroach), key " + safe), out);
        assertTrue(out.contains("resolves san-missing-host on " + dir.resolve("node.crt")), out);
        assertTrue(out.contains("resolves expired on " + dir.resolve("client.root.crt")), out);
        assertTrue(out.contains("pkill -HUP -x cockroach"), out);
        assertTrue(out.contains("Dry run: nothing was changed"), out);
        assertNoKeyMaterial(plan, dir);
    }

    @Test
    void restorePutsBackTheOriginalsByteForByte() throws Exception {
        Path dir = copySample("broken-node");
        Path safe = tmp.resolve("safe/ca.key");
        Map<String, String> snapshot = DirSnapshot.of(dir, null);
        Cli.Result fix = fix(dir, List.of("--host", "node1.example.com"), "--apply", "--format", "json");
        assertEquals(0, fix.exitCode(), fix.all());
        Path backup = Path.of(fix.json().path("backup").asText());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        assertTrue(backup.startsWith(dir.resolve(".tls-doctor-backup")), backup.toString());
        assertFalse(Files.exists(dir.resolve("ca.key")), "the CA key left the directory");
        assertFalse(Files.exists(backup.resolve("ca.key")), "no copy of the CA key stays in the directory's backup");
        assertTrue(Files.exists(safe));

        Cli.Result restore = Cli.run("fix", "--restore", backup.toString());

        assertEquals(0, restore.exitCode(), restore.all());
        assertEquals(snapshot, DirSnapshot.of(dir, ".tls-doctor-backup"));
        assertFalse(Files.exists(safe), "the CA key was moved back");
    }

    @Test
    void aWrongCaKeyIsRefusedAndNothingChanges() throws Exception {
        Path dir = copySample("expired-node");
        OpensslCerts other = new OpensslCerts(tmp.resolve("other")).ca("other", "Cockroach CA");
        Map<String, String> snapshot = DirSnapshot.of(dir, null);

        Cli.Result fix = Cli.run("fix", "--certs-dir", dir.toString(), "--ca-key", other.caKey("other").toString(), "--apply");

        assertEquals(3, fix.exitCode(), fix.all());
        assertEquals("tls-doctor: --ca-key " + other.caKey("other") + " does not match the CA certificate " + dir.resolve("ca.crt"),
                fix.err().strip().replaceFirst(" \\(.*", ""), fix.all());
        assertEquals(1, fix.err().strip().lines().count(), fix.all());
        assertEquals(snapshot, DirSnapshot.of(dir, null));
        assertNoKeyMaterial(fix, dir);
    }

    @Test
    void aFormatFixDoesNotWriteIsRefusedBeforeAnythingChanges() throws Exception {
        Path dir = copySample("group-readable-key");
        Map<String, String> snapshot = DirSnapshot.of(dir, null);

        Cli.Result fix = Cli.run("fix", "--certs-dir", dir.toString(), "--apply", "--format", "nagios");

        assertEquals(3, fix.exitCode(), fix.all());
        assertEquals("tls-doctor: fix: --format nagios is not available here (use text or json)", fix.err().strip(), fix.all());
        assertEquals(snapshot, DirSnapshot.of(dir, null));
    }

    @Test
    void anUnwritableCertsDirIsRefusedAndNothingChanges() throws Exception {
        Path dir = copySample("group-readable-key");
        Map<String, String> snapshot = DirSnapshot.of(dir, null);
        // root may write anywhere: only an immutable directory is unwritable to it, as a read-only mount is
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("chattr", "+i", dir.toString()).start().waitFor() == 0, "chattr +i not available");
        try {
            Cli.Result fix = Cli.run("fix", "--certs-dir", dir.toString(), "--apply");
            assertEquals(3, fix.exitCode(), fix.all());
            assertEquals("tls-doctor: " + dir + ": the certs directory is not writable; nothing changed", fix.err().strip());
        } finally {
            new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
        }
        assertEquals(snapshot, DirSnapshot.of(dir, null));
    }

    @Test
    void aKeyBehindASymbolicLinkIsLeftToTheOperator() throws Exception {
        Path dir = copySample("group-readable-key");
        Path elsewhere = Files.move(dir.resolve("node.key"), tmp.resolve("node.key"));
        Files.createSymbolicLink(dir.resolve("node.key"), elsewhere);
        Map<String, String> snapshot = DirSnapshot.of(tmp, null);

        Cli.Result fix = Cli.run("fix", "--certs-dir", dir.toString(), "--apply", "--format", "json");

        assertEquals(2, fix.exitCode(), fix.all());
        assertEquals(0, fix.json().path("steps").size(), fix.all());
        assertTrue(fix.json().path("manual").get(0).path("why").asText().contains(dir.resolve("node.key") + " is a symbolic link"), fix.all());
        assertEquals(snapshot, DirSnapshot.of(tmp, null));
    }

    @Test
    void aRenamedCertificatesOwnProblemsAreLeftForTheNextRunNotRolledBack() throws Exception {
        Path dir = tmp.resolve("certs");
        dev.tlsdoctor.pki.Pki.Issued ca = dev.tlsdoctor.testing.CertsDirs.healthyNode(dir);
        Files.delete(dir.resolve("node.crt"));
        Files.delete(dir.resolve("node.key"));
        ca.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "server"); // misnamed, and without node1.example.com
        Path caKey = dev.tlsdoctor.pki.Pki.writeKey(tmp.resolve("keys/ca.key"), dev.tlsdoctor.pki.Pki.traditionalKeyPem(ca.keyPair()));
        String[] args = {"fix", "--certs-dir", dir.toString(), "--host", "node1.example.com", "--ca-key", caKey.toString(), "--apply", "--format", "json"};

        Cli.Result first = Cli.run(args);
        assertEquals(2, first.exitCode(), first.all());
        assertTrue(first.json().path("applied").asBoolean(), first.all());
        assertEquals("san-missing-host", first.json().path("after").get(0).path("rule").asText(), first.all());
        assertTrue(Files.exists(dir.resolve("node.crt")) && !Files.exists(dir.resolve("server.crt")), first.all());

        Cli.Result second = Cli.run(args);
        assertEquals(0, second.exitCode(), second.all());
        assertEquals(0, check(dir, List.of("--host", "node1.example.com")).exitCode());
    }

    @Test
    void restoreRefusesADirectoryThatIsNoBackup() throws Exception {
        Path dir = copySample("healthy-node");
        Cli.Result restore = Cli.run("fix", "--restore", dir.toString());
        assertEquals(3, restore.exitCode(), restore.all());
        assertEquals("tls-doctor: " + dir + ": not a tls-doctor backup (no manifest.json)", restore.err().strip());
    }

    private Path copySample(String sample) throws IOException {
        Path dir = tmp.resolve(sample);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(SAMPLES.resolve(sample).resolve("certs"))) {
            for (Path f : files.toList()) {
                Path copy = Files.copy(f, dir.resolve(f.getFileName()));
                boolean readable = sample.equals("group-readable-key") && f.getFileName().toString().equals("node.key")
                        || sample.equals("broken-node") && f.getFileName().toString().equals("client.root.key");
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString(f.toString().endsWith(".key") && !readable ? "rw-------" : "rw-r--r--"));
            }
        }
        if (!sample.equals("broken-node")) {
            Path key = tmp.resolve("keys/ca.key");
            if (!Files.exists(key)) {
                Files.createDirectories(key.getParent());
                Files.copy(SAMPLE_CA_KEY, key);
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            }
        }
        return dir;
    }

    private Cli.Result fix(Path dir, List<String> hostArgs, String... more) {
        List<String> args = new ArrayList<>(List.of("fix", "--certs-dir", dir.toString()));
        args.addAll(hostArgs);
        boolean keyInDir = Files.exists(dir.resolve("ca.key"));
        args.addAll(List.of("--ca-key", (keyInDir ? tmp.resolve("safe/ca.key") : tmp.resolve("keys/ca.key")).toString()));
        args.addAll(Arrays.asList(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static Cli.Result check(Path dir, List<String> hostArgs) {
        List<String> args = new ArrayList<>(List.of("check", "--certs-dir", dir.toString(), "--format", "json"));
        args.addAll(hostArgs);
        return Cli.run(args.toArray(String[]::new));
    }

    static boolean resolvedBySomeStep(JsonNode report, JsonNode finding) {
        for (JsonNode step : report.path("steps")) {
            for (JsonNode r : step.path("resolves")) {
                if (r.path("rule").equals(finding.path("rule")) && r.path("subject").equals(finding.path("subject"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** openssl accepts every certificate in the directory for its role. */
    static void verifyWithOpenssl(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".crt") && !p.getFileName().toString().startsWith("ca")).toList()) {
                boolean client = f.getFileName().toString().startsWith("client.");
                Path ca = client && Files.exists(dir.resolve("ca-client.crt")) ? dir.resolve("ca-client.crt") : dir.resolve("ca.crt");
                String out = OpensslCerts.run(null, null, "openssl", "verify", "-CAfile", ca.toString(), "-purpose", client ? "sslclient" : "sslserver", f.toString());
                assertTrue(out.contains(f + ": OK"), out);
            }
        }
    }

    /** Nothing printed holds a line of any private key in the directory. */
    static void assertNoKeyMaterial(Cli.Result result, Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path key : files.filter(p -> p.toString().endsWith(".key")).toList()) {
                for (String line : KeyFiles.secretLines(Files.readString(key))) {
                    assertFalse(result.all().contains(line), "key material of " + key + " printed");
                }
            }
        }
    }
}
