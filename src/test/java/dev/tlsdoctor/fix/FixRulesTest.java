package dev.tlsdoctor.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.OpensslCerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every rule fix repairs: a healthy certs dir made with openssl, broken the way that rule catches,
 * repaired with {@code fix --apply}; then {@code check} reports nothing and openssl accepts every certificate.
 */
class FixRulesTest {
    @TempDir
    static Path shared;
    private static OpensslCerts openssl;

    @TempDir
    Path tmp;

    /** How a case breaks the healthy directory. */
    interface Breakage {
        void apply(Path dir, OpensslCerts openssl) throws IOException;
    }

    @BeforeAll
    static void cas() {
        openssl = new OpensslCerts(shared.resolve("openssl")).ca("main", "Cockroach CA").ca("other", "Cockroach CA").ca("client", "Cockroach Client CA");
    }

    static Stream<Arguments> repairableRules() {
        String inTwoHundredDays = LocalDate.now(ZoneOffset.UTC).plusDays(200).toString();
        return Stream.of(
                rule("key-permissions", (dir, o) -> chmod(dir.resolve("node.key"), "rw-r--r--"), List.of()),
                rule("ca-key-exposed", (dir, o) -> copy(o.caKey("main"), dir.resolve("ca.key")), List.of()),
                rule("stray-file", (dir, o) -> {
                    Files.move(dir.resolve("node.crt"), dir.resolve("server.crt"));
                    Files.move(dir.resolve("node.key"), dir.resolve("server.key"));
                }, List.of()),
                rule("unreadable-file", (dir, o) -> { // a key pasted into the certificate file
                    Files.writeString(dir.resolve("node.crt"), Files.readString(dir.resolve("node.key")), java.nio.file.StandardOpenOption.APPEND);
                    Files.delete(dir.resolve("node.key"));
                }, List.of()),
                rule("key-format", (dir, o) -> copy(dir.resolve("client.root.key"), dir.resolve("client.root.key.pk8")), List.of()),
                rule("expired", (dir, o) -> o.issue("main", dir.resolve("node"), "node", "node", nodeSans(), 2048,
                        "-startdate", "20240101000000Z", "-enddate", "20250101000000Z"), List.of()),
                rule("expiring-soon", (dir, o) -> o.issue("main", dir.resolve("node"), "node", "node", nodeSans(), 2048, "-days", "20"), List.of()),
                rule("expiring-soon", (dir, o) -> o.issue("main", dir.resolve("client.root"), "root", "client", null, 2048, "-days", "100"),
                        List.of("--renew-before", inTwoHundredDays), List.of("--warn-days", "200")),
                rule("san-missing-host", (dir, o) -> o.issue("main", dir.resolve("node"), "node", "node", "DNS:localhost", 2048),
                        List.of("--host", "node1.example.com")),
                rule("san-missing", (dir, o) -> o.issue("main", dir.resolve("node"), "node", "no_sans", null, 2048), List.of("--host", "localhost")),
                rule("node-cn", (dir, o) -> o.issue("main", dir.resolve("node"), "server1", "node", nodeSans(), 2048), List.of()),
                rule("client-cn", (dir, o) -> o.issue("main", dir.resolve("client.maxroach"), "root", "client", null, 2048), List.of()),
                rule("key-usage", (dir, o) -> o.issue("main", dir.resolve("node"), "node", "server_only", nodeSans(), 2048), List.of()),
                rule("weak-key", (dir, o) -> o.issue("main", dir.resolve("node"), "node", "node", nodeSans(), 1024), List.of()),
                rule("weak-signature", (dir, o) -> o.issue("main", dir.resolve("node"), "node", "node", nodeSans(), 2048, "-days", "1830", "-md", "sha1"), List.of()),
                rule("split-ca-mismatch", (dir, o) -> {
                    copy(o.caCert("client"), dir.resolve("ca-client.crt"));
                    o.issue("client", dir.resolve("client.node"), "node", "client", null, 2048);
                }, List.of("--ca-client-key", openssl.caKey("client").toString())),
                rule("split-ca-mismatch", (dir, o) -> { // node.crt is the node's client certificate too, but not signed by the client CA
                    copy(o.caCert("client"), dir.resolve("ca-client.crt"));
                    o.issue("client", dir.resolve("client.root"), "root", "client", null, 2048);
                }, List.of("--ca-client-key", openssl.caKey("client").toString())),
                rule("unknown-authority", (dir, o) -> o.issue("other", dir.resolve("node"), "node", "node", nodeSans(), 2048), List.of()),
                rule("key-mismatch", (dir, o) -> {
                    o.issue("main", dir.resolve("spare"), "spare", "client", null, 2048);
                    Files.move(dir.resolve("spare.key"), dir.resolve("node.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.delete(dir.resolve("spare.crt"));
                }, List.of()),
                rule("key-encrypted", (dir, o) -> { // CockroachDB takes no passphrase; an expired certificate is re-issued for a new key
                    o.issue("main", dir.resolve("node"), "node", "node", nodeSans(), 2048, "-startdate", "20240101000000Z", "-enddate", "20250101000000Z");
                    OpensslCerts.run(null, null, "openssl", "rsa", "-aes128", "-passout", "pass:secret", "-in", dir.resolve("node.key").toString(),
                            "-out", dir.resolve("node.key").toString());
                }, List.of()),
                rule("missing-file", (dir, o) -> { }, List.of("--user", "maxroach"), List.of("--user", "maxroach")));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("repairableRules")
    void repairedThenCheckedClean(String rule, Breakage breakage, List<String> fixArgs, List<String> checkArgs) throws Exception {
        Path dir = tmp.resolve("certs");
        openssl.healthyNode("main", dir);
        breakage.apply(dir, openssl);
        boolean keyInDir = Files.exists(dir.resolve("ca.key"));
        Path caKey = keyInDir ? tmp.resolve("safe/ca.key") : openssl.caKey("main");
        Cli.Result before = check(dir, checkArgs);
        assertFalse(before.findings(rule).isEmpty(), "the broken directory shows " + rule + "\n" + before.all());

        List<String> args = new ArrayList<>(List.of("fix", "--certs-dir", dir.toString(), "--ca-key", caKey.toString(), "--apply", "--format", "json"));
        args.addAll(fixArgs);
        Cli.Result fix = Cli.run(args.toArray(String[]::new));

        assertEquals(0, fix.exitCode(), fix.all());
        for (com.fasterxml.jackson.databind.JsonNode finding : fix.json().path("before")) {
            assertTrue(FixCommandTest.resolvedBySomeStep(fix.json(), finding), "the plan names the step that resolves " + finding + "\n" + fix.all());
        }
        Cli.Result after = check(dir, checkArgs);
        assertEquals(0, after.exitCode(), after.all());
        assertEquals(List.of(), after.findings(rule), after.all());
        FixCommandTest.verifyWithOpenssl(dir);
        FixCommandTest.assertNoKeyMaterial(fix, dir);
        if (keyInDir) {
            assertTrue(Files.exists(caKey) && !Files.exists(dir.resolve("ca.key")), fix.all());
        }
    }

    private static Arguments rule(String rule, Breakage breakage, List<String> fixArgs) {
        return rule(rule, breakage, fixArgs, fixArgs.contains("--host") ? fixArgs : List.of());
    }

    private static Arguments rule(String rule, Breakage breakage, List<String> fixArgs, List<String> checkArgs) {
        return Arguments.of(rule, breakage, fixArgs, checkArgs);
    }

    private static String nodeSans() {
        return "DNS:localhost,DNS:node1.example.com,IP:127.0.0.1";
    }

    private static Cli.Result check(Path dir, List<String> more) {
        List<String> args = new ArrayList<>(List.of("check", "--certs-dir", dir.toString(), "--format", "json"));
        args.addAll(more);
        return Cli.run(args.toArray(String[]::new));
    }

    private static void chmod(Path file, String mode) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
}
