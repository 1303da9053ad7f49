package dev.tlsdoctor.fix;

import dev.tlsdoctor.common.Evidence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.rules.checks.AllChecks;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.DirSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repair that fails part-way, or makes things worse, leaves the directory byte for byte as it was. */
class FixRollbackTest {
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.load(List.of()), AllChecks.ALL);

    @TempDir
    Path tmp;
    private Path dir;
    private Path safeKey;
    private final Instant now = Instant.now();
    private final RunSettings settings = new RunSettings(now, null, null, PrincipalMap.NONE, false, -1);

    /** Five steps: chmod, CA key moved out, a stray copy set aside, two certificates re-issued. */
    @BeforeEach
    void brokenDirectory() throws IOException {
        dir = tmp.resolve("certs");
        Pki.Issued ca = CertsDirs.healthyNode(dir);
        ca.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        ca.issue("root").clientAuth().validity(Duration.ofDays(-400), Duration.ofDays(365)).build().writeTo(dir, "client.root");
        Files.setPosixFilePermissions(dir.resolve("client.root.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.copy(dir.resolve("node.crt"), dir.resolve("server.crt"));
        Pki.writeKey(dir.resolve("ca.key"), Pki.traditionalKeyPem(ca.keyPair()));
        safeKey = tmp.resolve("safe/ca.key");
    }

    @Test
    void aFaultAfterTheThirdStepLeavesTheDirectoryAsItWas() {
        Map<String, String> snapshot = DirSnapshot.of(dir, null);
        RepairPlan plan = plan();
        assertEquals(5, plan.steps().size(), plan.steps().toString());
        List<Integer> done = new ArrayList<>();

        FixRefused failure = assertThrows(FixRefused.class, () -> Repair.apply(plan, this::check, (number, step) -> {
            done.add(number);
            if (number == 3) {
                throw new IOException("injected fault");
            }
        }, now));

        assertEquals(List.of(1, 2, 3), done);
        assertTrue(failure.getMessage().startsWith("step 3 (" + plan.steps().get(2).action() + ") failed: injected fault; every file was put back"), failure.getMessage());
        assertEquals(snapshot, DirSnapshot.of(dir, null), "byte for byte, modes included, and no backup left behind");
        assertFalse(Files.exists(safeKey), "the CA key came back into the directory");
    }

    @Test
    void aCaKeyThatCouldNotBeMovedOutKeepsItsMode() throws Exception {
        Files.setPosixFilePermissions(dir.resolve("ca.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.createDirectories(safeKey.getParent());
        Map<String, String> snapshot = DirSnapshot.of(dir, null);
        RepairPlan plan = plan();
        // the move fails after the key was made private for its new place: an immutable destination directory
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("chattr", "+i", safeKey.getParent().toString()).start().waitFor() == 0, "chattr +i not available");
        try {
            FixRefused failure = assertThrows(FixRefused.class, () -> Repair.apply(plan, this::check, Repair.AfterStep.NONE, now));
            assertTrue(failure.getMessage().startsWith("step 2 (move " + dir.resolve("ca.key")), failure.getMessage());
        } finally {
            new ProcessBuilder("chattr", "-i", safeKey.getParent().toString()).start().waitFor();
        }
        assertEquals(snapshot, DirSnapshot.of(dir, null));
    }

    @Test
    void aRecheckWithANewFindingRollsBack() {
        Map<String, String> snapshot = DirSnapshot.of(dir, null);
        RepairPlan plan = plan();
        Finding worse = new Finding("key-mismatch", Severity.ERROR, dir.resolve("node.crt").toString(), "made up for the test", "");
        Supplier<List<Finding>> recheck = () -> List.of(worse);

        FixRefused failure = assertThrows(FixRefused.class, () -> Repair.apply(plan, recheck, Repair.AfterStep.NONE, now));

        assertTrue(failure.getMessage().contains("found key-mismatch on " + dir.resolve("node.crt")), failure.getMessage());
        assertEquals(snapshot, DirSnapshot.of(dir, null));
    }

    @Test
    void aStepThatWouldLeaveAKeyReadableByOthersIsRefused() throws IOException {
        // a misnamed node certificate whose key is world-readable: renaming it would hand CockroachDB a key it refuses
        Files.move(dir.resolve("node.crt"), dir.resolve("server.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("node.key"), dir.resolve("server.key"));
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-r--r--"));

        FixRefused refused = assertThrows(FixRefused.class, this::plan);

        assertTrue(refused.getMessage().matches("step \\d \\(rename .*server\\.crt to .*node\\.crt and server\\.key to node\\.key\\) would leave the key "
                + ".*node\\.key with mode 0644, readable by others; nothing changed.*"), refused.getMessage());
    }

    private RepairPlan plan() {
        return Planner.plan(dir, load(), ENGINE.run(load(), settings), new FixOptions(safeKey, null, List.of("node1.example.com"), false), settings);
    }

    private List<Finding> check() {
        return ENGINE.run(load(), settings);
    }

    private List<Evidence> load() {
        try {
            return new CertsDirLoader(dir, List.of("node1.example.com"), null, now).load();
        } catch (dev.tlsdoctor.certs.BadFileException e) {
            throw new AssertionError(e);
        }
    }
}
