package dev.tlsdoctor.cli;

import static dev.tlsdoctor.testing.Doctor.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.KeyFiles;
import dev.tlsdoctor.testing.RuleIds;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit codes, the JSON contract, text output, rules, inspect and rule overrides. */
class CliTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path dir;

    @TempDir
    Path rulesDir;


    @Test
    void healthyDirectoryExitsZero() {
        CertsDirs.healthyNode(dir, CA);
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--host", "localhost", "--host", "127.0.0.1", "--user", "root");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("", r.err());
        contains(r.out(), "Certificates\n", "OK: 0 errors, 0 warnings, 0 info; 3 certificates examined");
        String nodeLine = r.out().lines().filter(l -> l.contains(dir.resolve("node.crt").toString())).findFirst().orElseThrow();
        assertTrue(nodeLine.matches("  \\S+node\\.crt +Node +CN=node,O=Cockroach  expires \\d{4}-\\d\\d-\\d\\d \\(18\\d\\d days left\\)"), nodeLine);
        assertFalse(r.out().contains("Findings"), r.out());
        assertFalse(r.out().contains("\u001b["), "no colour when output is not a terminal");
    }

    @Test
    void warningsOnlyExitOne() {
        CertsDirs.healthyNode(dir, CA);
        Pki.writeKey(dir.resolve("ca.key"), CA.keyPem());
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString());
        assertEquals(1, r.exitCode(), r.all());
        contains(r.out(), "Findings\n" + dir.resolve("ca.key") + "\n  WARNING ca-key-exposed: a CA private key is stored",
                "    fix: mkdir -p ~/my-safe-directory && mv " + dir.resolve("ca.key"), "WARNING: 0 errors, 1 warning, 0 info; 3 certificates examined");
    }

    @Test
    void informationAloneKeepsTheStatusOk() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.writeString(dir.resolve("notes.txt"), "rotated 2025-03-01");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("OK", r.json().path("status").asText());
        assertEquals("info", r.findings("stray-file").get(0).path("severity").asText());
    }

    @Test
    void anErrorExitsTwoAndTheTextGroupsFindingsByFile() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setAttribute(dir.resolve("node.key"), "unix:uid", 4242);
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--host", "db.example.com");
        assertEquals(2, r.exitCode(), r.all());
        contains(r.out(), dir.resolve("node.crt") + "\n"
                + "  ERROR   san-missing-host: is not valid for the host name db.example.com",
                "  ERROR   key-permissions: key file " + dir.resolve("node.key") + " has permissions -rw-r--r--, exceeds -rwx------",
                "    fix: chmod 600 " + dir.resolve("node.key") + "\n",
                "CRITICAL: 2 errors, 0 warnings, 0 info; 3 certificates examined");
    }

    @Test
    void couldNotCheckExitsThree() {
        Cli.Result r = Cli.run("check", "--certs-dir", dir.resolve("missing").toString(), "--format", "json");
        assertEquals(3, r.exitCode(), r.all());
        assertEquals(1, r.err().lines().count(), r.all());
    }

    @Test
    void jsonReportShape() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued intermediate = CA.issue("Intermediate CA").ca().pathLen(0).build();
        intermediate.issue("root").clientAuth().validity(Duration.ofDays(-1), Duration.ofDays(11)).build().writeTo(dir, "client.root", intermediate.cert());
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--format", "json");
        assertEquals(1, r.exitCode(), r.all());
        JsonNode report = r.json();
        assertEquals(List.of("tool", "version", "status", "findings", "certificates"), fieldNames(report));
        assertEquals("tls-doctor", report.path("tool").asText());
        assertEquals("0.1.0", report.path("version").asText());
        assertEquals("WARNING", report.path("status").asText());

        JsonNode finding = report.path("findings").get(0);
        assertEquals(List.of("rule", "severity", "subject", "message", "fix"), fieldNames(finding));
        assertEquals("expiring-soon", finding.path("rule").asText());
        assertEquals("warning", finding.path("severity").asText());
        assertEquals(dir.resolve("client.root.crt").toString(), finding.path("subject").asText());
        contains(finding.path("message").asText(), "in 9 days (warning threshold 30 days)");
        contains(finding.path("fix").asText(), "cockroach cert create-client root --certs-dir=" + dir);

        JsonNode certs = report.path("certificates");
        assertEquals(4, certs.size(), r.out());
        for (JsonNode cert : certs) {
            assertEquals(List.of("file", "role", "subject", "issuer", "serial", "sha256", "not_before", "not_after", "days_left", "sans", "key"),
                    fieldNames(cert));
            assertTrue(cert.path("sha256").asText().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), cert.toString());
            assertTrue(cert.path("serial").asText().matches("[0-9A-F]+"), cert.toString());
            Instant.parse(cert.path("not_before").asText());
            Instant.parse(cert.path("not_after").asText());
            assertTrue(cert.path("days_left").isIntegralNumber(), cert.toString());
            assertTrue(cert.path("sans").isArray(), cert.toString());
        }
        JsonNode node = certs.findParents("file").stream().filter(c -> c.path("file").asText().endsWith("node.crt")).findFirst().orElseThrow();
        assertEquals("Node", node.path("role").asText());
        assertEquals("CN=node,O=Cockroach", node.path("subject").asText());
        assertEquals("CN=Cockroach CA,O=Cockroach", node.path("issuer").asText());
        assertEquals(List.of("DNS:localhost", "DNS:node1.example.com", "IP:127.0.0.1"), texts(node.path("sans")));
        assertEquals("RSA 2048", node.path("key").asText());
        assertTrue(node.path("days_left").asLong() >= 1825, node.toString());
        List<String> clientRoles = new ArrayList<>();
        for (JsonNode cert : certs) {
            if (cert.path("file").asText().endsWith("client.root.crt")) {
                clientRoles.add(cert.path("role").asText());
            }
        }
        assertEquals(List.of("Client (root)", "CA #2"), clientRoles);
    }

    @Test
    void jsonOfACleanRunHasEmptyFindings() {
        CertsDirs.healthyNode(dir, CA);
        JsonNode report = Cli.run("check", "--certs-dir", dir.toString(), "--format", "json").json();
        assertEquals("OK", report.path("status").asText());
        assertTrue(report.path("findings").isArray() && report.path("findings").isEmpty());
        assertEquals(3, report.path("certificates").size());
    }

    @Test
    void thresholdsFromTheCommandLine() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").clientAuth().validity(Duration.ofDays(-1), Duration.ofDays(21)).build().writeTo(dir, "client.root");
        assertEquals(1, Cli.run("check", "--certs-dir", dir.toString()).exitCode());
        assertEquals(0, Cli.run("check", "--certs-dir", dir.toString(), "--warn-days", "14").exitCode());
        assertEquals(2, Cli.run("check", "--certs-dir", dir.toString(), "--crit-days", "60").exitCode());
    }

    @Test
    void atMomentFromTheCommandLine() {
        CertsDirs.healthyNode(dir, CA);
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--at", "2040-01-01", "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        Set<String> expired = new TreeSet<>();
        r.findings("expired").forEach(f -> expired.add(f.path("subject").asText()));
        assertEquals(Set.of(dir.resolve("ca.crt").toString(), dir.resolve("node.crt").toString(), dir.resolve("client.root.crt").toString()), expired);
        assertTrue(r.json().path("certificates").get(0).path("days_left").asLong() < 0);
        assertEquals(0, Cli.run("check", "--certs-dir", dir.toString(), "--at", Instant.now().plus(Duration.ofDays(2)).toString()).exitCode());
    }

    @Test
    void rulesListsEveryRule() {
        Cli.Result r = Cli.run("rules");
        assertEquals(0, r.exitCode(), r.all());
        Set<String> listed = new TreeSet<>();
        r.out().lines().forEach(line -> listed.add(line.split("\\s+")[0]));
        assertEquals(new TreeSet<>(RuleIds.ALL), listed);
        contains(r.out(), "key-permissions", "error", "A private key file is readable by others");
    }

    @Test
    void rulesAsJson() {
        Cli.Result r = Cli.run("rules", "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        JsonNode rules = r.json();
        Set<String> ids = new TreeSet<>();
        for (JsonNode rule : rules) {
            ids.add(rule.path("id").asText());
            assertTrue(Set.of("error", "warning", "info").contains(rule.path("severity").asText()), rule.toString());
            assertFalse(rule.path("title").asText().isEmpty());
            assertFalse(rule.path("explanation").asText().isEmpty());
            assertFalse(rule.path("fix").asText().isEmpty());
        }
        assertEquals(new TreeSet<>(RuleIds.ALL), ids);
        JsonNode expiring = rules.findParents("id").stream().filter(n -> n.path("id").asText().equals("expiring-soon")).findFirst().orElseThrow();
        assertEquals(30, expiring.path("parameters").path("warn-days").asInt());
    }

    @Test
    void oneRuleInFull() {
        Cli.Result r = Cli.run("rules", "key-permissions");
        assertEquals(0, r.exitCode(), r.all());
        contains(r.out(), "key-permissions (error): A private key file is readable by others", "COCKROACH_SKIP_KEY_PERMISSION_CHECK",
                "Fix:\n  chmod {mode} {keyFile}", "References:\n  https://");
        Cli.Result unknown = Cli.run("rules", "no-such-rule");
        assertEquals(3, unknown.exitCode());
        assertEquals("tls-doctor: no rule has id 'no-such-rule' (run 'tls-doctor rules' for the list)\n", unknown.err());
    }

    @Test
    void inspectCertificate() {
        CertsDirs.healthyNode(dir, CA);
        Cli.Result r = Cli.run("inspect", dir.resolve("node.crt").toString(), dir.resolve("ca.crt").toString(), dir.resolve("client.root.crt").toString());
        assertEquals(0, r.exitCode(), r.all());
        contains(r.out(), dir.resolve("node.crt") + "\n  CockroachDB role: Node\n  encoding: PEM\n  certificate #1\n",
                "    subject:      CN=node,O=Cockroach", "    issuer:       CN=Cockroach CA,O=Cockroach", "days left)",
                "    SANs:         DNS:localhost, DNS:node1.example.com, IP:127.0.0.1", "    CA:           no",
                "    key usage:    digitalSignature, keyEncipherment", "    ext. usage:   serverAuth, clientAuth", "    key:          RSA 2048",
                "    signature:    SHA256withRSA", "    logs in as:   \"node\" (from CN=node), \"localhost\" (from DNS:localhost)", "    SHA-256:      ",
                "  CockroachDB role: CA\n", "    CA:           yes, path length 1", "(self-issued)",
                "  CockroachDB role: Client (root)", "    logs in as:   \"root\" (from CN=root)");
    }

    @Test
    void inspectKeysNeverPrintsKeyMaterial() {
        Pki.Issued client = CA.issue("root").clientAuth().build();
        String pkcs1 = client.keyPem();
        String encrypted = KeyFiles.encryptedPkcs8Pem(client.keyPair().getPrivate(), "pw");
        Path plain = Pki.writeKey(dir.resolve("client.root.key"), pkcs1);
        Path locked = Pki.writeKey(dir.resolve("locked.key"), encrypted);
        Cli.Result r = Cli.run("inspect", plain.toString(), locked.toString());
        assertEquals(0, r.exitCode(), r.all());
        contains(r.out(), plain + "\n  CockroachDB role: private key\n  private key (contents never shown)\n    format:       PKCS#1 PEM (RSA PRIVATE KEY)\n    algorithm:    RSA",
                "encrypted PKCS#8 (ENCRYPTED PRIVATE KEY)", "(encrypted: CockroachDB cannot read it)");
        for (String line : KeyFiles.secretLines(pkcs1 + encrypted)) {
            assertFalse(r.all().contains(line), "key material printed");
        }
    }

    @Test
    void inspectVaultResponse() throws IOException {
        Pki.Issued leaf = CA.issue("db.example.com").sans("db.example.com").serverAuth().build();
        String json = "{\"data\":{\"certificate\":" + quote(leaf.certPem()) + ",\"issuing_ca\":" + quote(CA.certPem())
                + ",\"private_key\":" + quote(leaf.keyPem()) + ",\"private_key_type\":\"rsa\"}}";
        Path vault = Files.writeString(dir.resolve("issue.json"), json);
        Cli.Result r = Cli.run("inspect", vault.toString());
        assertEquals(0, r.exitCode(), r.all());
        contains(r.out(), "encoding: VAULT_JSON", "certificate #1\n    subject:      CN=db.example.com,O=Cockroach",
                "certificate #2\n    subject:      CN=Cockroach CA,O=Cockroach", "private key (contents never shown)");
        for (String line : KeyFiles.secretLines(leaf.keyPem())) {
            assertFalse(r.all().contains(line), "key material printed");
        }
    }

    @Test
    void overrideDisablesARule() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Pki.writeKey(dir.resolve("ca.key"), CA.keyPem());
        Files.writeString(rulesDir.resolve("ca-key-exposed.yaml"), "id: ca-key-exposed\nenabled: false\n");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString());
        assertEquals(0, r.exitCode(), r.all());
        contains(Cli.run("rules", "--rules", rulesDir.toString()).out(), "(disabled)");
    }

    @Test
    void overrideChangesSeverity() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Pki.writeKey(dir.resolve("ca.key"), CA.keyPem());
        Files.writeString(rulesDir.resolve("strict.yml"), "id: ca-key-exposed\nseverity: error\n");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        assertEquals("error", r.findings("ca-key-exposed").get(0).path("severity").asText());
    }

    @Test
    void overrideSeverityWinsOverTheSeverityACheckPicks() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").clientAuth().validity(Duration.ofDays(-1), Duration.ofDays(4)).build().writeTo(dir, "client.root");
        Files.writeString(rulesDir.resolve("expiring.yaml"), "id: expiring-soon\nseverity: info\n");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("info", r.findings("expiring-soon").get(0).path("severity").asText());
    }

    @Test
    void overrideChangesAThreshold() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").clientAuth().validity(Duration.ofDays(-1), Duration.ofDays(21)).build().writeTo(dir, "client.root");
        Files.writeString(rulesDir.resolve("expiring-soon.yaml"), "id: expiring-soon\nparameters:\n  warn-days: 10\n");
        assertEquals(0, Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString()).exitCode());
        Files.writeString(rulesDir.resolve("expiring-soon.yaml"), "id: expiring-soon\nparameters:\n  crit-days: 25\n");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        contains(r.findings("expiring-soon").get(0).path("message").asText(), "(critical threshold 25 days)");
        Files.writeString(rulesDir.resolve("expiring-soon.yaml"), "id: weak-key\nparameters:\n  min-rsa-bits: 3072\n");
        Cli.Result weak = Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString(), "--format", "json");
        contains(weak.findings("weak-key").get(0).path("message").asText(), "has an RSA key of 2048 bits (minimum 3072)");
    }

    @Test
    void overrideReplacesTheFixText() throws IOException {
        CertsDirs.healthyNode(dir, CA);
        Files.setPosixFilePermissions(dir.resolve("node.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(rulesDir.resolve("key-permissions.yaml"),
                "id: key-permissions\nfix: |\n  ansible -m file -a 'path={keyFile} mode=0{mode}' {unknownPlaceholder}\n");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString(), "--format", "json");
        assertEquals("ansible -m file -a 'path=" + dir.resolve("node.key") + " mode=0640' {unknownPlaceholder}",
                r.findings("key-permissions").get(0).path("fix").asText());
    }

    @Test
    void overrideWithAnUnknownField() throws IOException {
        Path file = Files.writeString(rulesDir.resolve("typo.yaml"), "id: expired\nseverty: warning\n");
        assertRuleFileError(Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString()), file, "unknown field 'severty'");
    }

    @Test
    void overrideWithAnUnknownId() throws IOException {
        Path file = Files.writeString(rulesDir.resolve("x.yaml"), "id: expird\nenabled: false\n");
        assertRuleFileError(Cli.run("rules", "--rules", rulesDir.toString()), file, "no rule has id 'expird'");
    }

    @Test
    void overridesWithADuplicateId() throws IOException {
        Files.writeString(rulesDir.resolve("a.yaml"), "id: expired\nseverity: warning\n");
        Path second = Files.writeString(rulesDir.resolve("b.yaml"), "id: expired\nenabled: false\n");
        assertRuleFileError(Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString()), second,
                "duplicate id 'expired', already set in " + rulesDir.resolve("a.yaml"));
    }

    @Test
    void overrideWithABadSeverityOrNoId() throws IOException {
        Path bad = Files.writeString(rulesDir.resolve("bad.yaml"), "id: expired\nseverity: fatal\n");
        assertRuleFileError(Cli.run("rules", "--rules", rulesDir.toString()), bad, "severity must be error, warning or info, not 'fatal'");
        Files.delete(bad);
        Path noId = Files.writeString(rulesDir.resolve("noid.yaml"), "severity: warning\n");
        assertRuleFileError(Cli.run("rules", "--rules", rulesDir.toString()), noId, "missing 'id'");
    }

    @Test
    void overrideWithAnUnknownOrNonNumericParameter() throws IOException {
        Path file = Files.writeString(rulesDir.resolve("expiring-soon.yaml"), "id: expiring-soon\nparameters:\n  warn_days: 10\n");
        assertRuleFileError(Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString()), file,
                "rule 'expiring-soon' has no parameter 'warn_days' (known: [warn-days, crit-days])");
        Files.writeString(file, "id: expiring-soon\nparameters:\n  warn-days: two weeks\n");
        assertRuleFileError(Cli.run("check", "--certs-dir", dir.toString(), "--rules", rulesDir.toString()), file,
                "parameter 'warn-days' must be a number, not 'two weeks'");
    }

    @Test
    void rulesDirectoryThatDoesNotExist() {
        Path missing = rulesDir.resolve("nope");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--rules", missing.toString());
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("tls-doctor: " + missing + ": not a directory of rule files\n", r.err());
    }

    /** Without --certs-dir, CockroachDB's default applies: $COCKROACH_CERTS_DIR, else ~/.cockroach-certs; user overrides come from ~/.config. */
    @Test
    void defaultCertsDirectoryAndUserRules() throws IOException {
        assumeTrue(System.getenv("COCKROACH_CERTS_DIR") == null && System.getenv("XDG_CONFIG_HOME") == null);
        String home = System.getProperty("user.home");
        try {
            System.setProperty("user.home", dir.toString());
            CertsDirs.healthyNode(dir.resolve(".cockroach-certs"), CA);
            Pki.writeKey(dir.resolve(".cockroach-certs/ca.key"), CA.keyPem());
            Cli.Result r = Cli.run("check", "--format", "json");
            assertEquals(1, r.exitCode(), r.all());
            assertEquals(1, r.findings("ca-key-exposed", dir.resolve(".cockroach-certs/ca.key")).size(), r.all());
            Path userRules = Files.createDirectories(dir.resolve(".config/tls-doctor/rules"));
            Files.writeString(userRules.resolve("quiet.yaml"), "id: ca-key-exposed\nseverity: info\n");
            assertEquals(0, Cli.run("check").exitCode());
            Files.writeString(rulesDir.resolve("loud.yaml"), "id: ca-key-exposed\nseverity: error\n");
            assertEquals(2, Cli.run("check", "--rules", rulesDir.toString()).exitCode(), "--rules applies after the user's directory");
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @Test
    void versionAndHelp() {
        assertEquals("tls-doctor 0.1.0\n", Cli.run("--version").out());
        Cli.Result help = Cli.run("check", "--help");
        assertEquals(0, help.exitCode());
        contains(help.out(), "--certs-dir", "--cert-principal-map", "--at", "--warn-days", "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
    }

    private static void assertRuleFileError(Cli.Result r, Path file, String problem) {
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.all());
        assertTrue(r.err().startsWith("tls-doctor: " + file + ": "), r.all());
        contains(r.err(), problem);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }
}
