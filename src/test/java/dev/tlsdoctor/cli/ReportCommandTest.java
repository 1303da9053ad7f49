package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.report.Redaction;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Ports;
import dev.tlsdoctor.demo.DemoDeployment;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Pki.Issued nodeDir(Path dir) {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        ca.issue("node").sans("node1.prod.example.com", "10.20.30.40", "localhost", "127.0.0.1").serverAndClient().build().writeTo(dir, "node");
        ca.issue("root").clientAuth().build().writeTo(dir, "client.root");
        return ca;
    }

    @Test
    void markdownHasEverySectionAndNoKeyMaterial(@TempDir Path dir) throws Exception {
        nodeDir(dir);
        Cli.Result r = Cli.run("report", "--certs-dir", dir.toString(), "--host", "db.prod.example.com", "--no-probe");
        assertEquals(2, r.exitCode(), r.err()); // db.prod.example.com is not a SAN
        for (String heading : List.of("# tls-doctor report", "## Environment", "## Certificates", "## Chains", "## Findings")) {
            assertTrue(r.out().contains(heading + "\n"), heading);
        }
        assertTrue(r.out().contains("| Java | " + System.getProperty("java.version")), r.out());
        assertTrue(r.out().contains("san-missing-host"), r.out());
        assertTrue(r.out().contains("CN=node,O=Cockroach → CN=Cockroach CA,O=Cockroach (anchor) — valid"), r.out());
        assertTrue(Pattern.compile("`([0-9A-F]{2}:){31}[0-9A-F]{2}`").matcher(r.out()).find(), "SHA-256 fingerprints");
        assertFalse(r.out().contains("PRIVATE KEY"));
        for (String key : List.of("node.key", "client.root.key")) {
            String body = Files.readString(dir.resolve(key)).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
            assertFalse(r.out().contains(body.substring(0, 40)), "key material of " + key + " in the report");
        }
    }

    @Test
    void redactHostsMasksEveryHostConsistently(@TempDir Path dir) {
        nodeDir(dir);
        Cli.Result r = Cli.run("report", "--certs-dir", dir.toString(), "--host", "db.prod.example.com", "--no-probe", "--redact-hosts");
        for (String host : List.of("node1.prod.example.com", "10.20.30.40", "db.prod.example.com")) {
            assertFalse(r.out().contains(host), host + " is in the redacted report");
        }
        assertTrue(r.out().contains("localhost"), "loopback names say nothing and stay");
        // the missing host has one mask, in the hosts line, the finding and its fix alike
        Matcher m = Pattern.compile("is not valid for the host name (host-\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        String mask = m.group(1);
        assertTrue(r.out().contains("| hosts | " + mask + " |"), r.out());
        assertTrue(r.out().contains("127.0.0.1 " + mask + " --certs-dir") || r.out().contains(" " + mask + " "), r.out());
        assertTrue(r.out().contains("DNS:host-"), r.out());
        assertTrue(r.out().contains("IP:ip-1"), r.out());
    }

    @Test
    void jsonHasTheSectionsAsKeys(@TempDir Path dir) throws Exception {
        nodeDir(dir);
        Cli.Result r = Cli.run("report", "--certs-dir", dir.toString(), "--format", "json");
        assertEquals(0, r.exitCode(), r.out());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals("OK", doc.get("status").asText());
        assertEquals(3, doc.get("certificates").size());
        assertEquals(2, doc.get("chains").size());
        assertTrue(doc.get("chains").get(0).get("valid").asBoolean());
        assertEquals(0, doc.get("findings").size());
        assertTrue(doc.get("environment").has("variables"));
    }

    @Test
    void missingDirectoryStillGivesAReport(@TempDir Path dir) {
        Cli.Result r = Cli.run("report", "--certs-dir", dir.resolve("nope").toString());
        assertEquals(3, r.exitCode());
        assertTrue(r.out().contains("Status: **UNKNOWN**"), r.out());
        assertTrue(r.out().contains("Could not check: " + dir.resolve("nope") + ": no such certs directory"), r.out());
    }

    @Test
    void environmentVariablesWithoutSecrets() {
        Map<String, String> shown = ReportCommand.variables(Map.of(
                "COCKROACH_URL", "postgresql://root:hunter2@db.example.com:26257/defaultdb?sslmode=verify-full&sslpassword=pw",
                "COCKROACH_CERTS_DIR", "/etc/cockroach/certs",
                "COCKROACH_CA_KEY", "/secret/ca.key",
                "PGPASSWORD", "hunter2",
                "HOME", "/root"));
        assertEquals(Set.of("COCKROACH_URL", "COCKROACH_CERTS_DIR", "COCKROACH_CA_KEY", "PGPASSWORD"), shown.keySet());
        assertEquals("postgresql://root:****@db.example.com:26257/defaultdb?sslmode=verify-full&sslpassword=****", shown.get("COCKROACH_URL"));
        assertEquals("/etc/cockroach/certs", shown.get("COCKROACH_CERTS_DIR"));
        assertEquals("(set; value not shown)", shown.get("PGPASSWORD"));
        assertEquals("(set; value not shown)", shown.get("COCKROACH_CA_KEY"));
    }

    @Test
    void hostsAreProbedAndWhatTheyServeIsInTheReport(@TempDir Path dir) throws Exception {
        try (DemoDeployment demo = DemoDeployment.start(dir.resolve("certs"))) {
            String certs = demo.certsDir().toString();
            Cli.Result r = Cli.run("report", "--certs-dir", certs, "--host", demo.nodeAddress(), "--user", DemoDeployment.USER);
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.out().contains("## Served certificates\n"), r.out());
            assertTrue(r.out().indexOf("## Served certificates") < r.out().indexOf("## Findings"), "findings come last");
            assertTrue(r.out().contains("| `" + demo.nodeAddress() + "` | pgwire | sql-auth-failed |"), r.out());
            assertTrue(r.out().contains("refused as maxroach"), r.out());
            assertTrue(r.out().contains("`served-cert-differs`"), "the served chain is judged by the rules\n" + r.out());
            assertTrue(r.out().contains("`san-missing-host`"), "--host is still the host the files must be valid for");

            JsonNode doc = JSON.readTree(Cli.run("report", "--certs-dir", certs, "--host", demo.nodeAddress(), "--format", "json").out());
            assertEquals(2, doc.get("served").size(), doc.toString());
            assertEquals("ok", doc.get("served").get(1).get("outcome").asText(), doc.toString());
            assertEquals("CN=node,O=Cockroach", doc.get("served").get(1).get("certificate").get("subject").asText());

            Cli.Result offline = Cli.run("report", "--certs-dir", certs, "--host", demo.nodeAddress(), "--no-probe");
            assertFalse(offline.out().contains("## Served certificates"), offline.out());
            assertFalse(offline.out().contains("served-cert-differs"), offline.out());
        }
    }

    @Test
    void aHostThatIsDownMakesTheReportUnknownNotOk(@TempDir Path dir) {
        nodeDir(dir);
        String dead = "127.0.0.1:" + Ports.free();
        Cli.Result r = Cli.run("report", "--certs-dir", dir.toString(), "--host", dead, "--timeout", "2s");
        assertEquals(3, r.exitCode(), r.out());
        assertTrue(r.out().contains("`unreachable`"), r.out());
        assertTrue(r.out().contains("| `" + dead + "` | pgwire | unreachable |"), r.out());
    }

    @Test
    void redactionMasksCredentialsAndHosts() {
        Redaction r = new Redaction(true, List.of("db.example.com", "example.com", "10.0.0.1"));
        String out = r.apply("connect postgresql://app:pw@db.example.com:26257/x?password=secret to db.example.com and example.com via 10.0.0.1, 10.0.0.2 and 127.0.0.1; file db.example.com.crt");
        assertEquals("connect postgresql://app:****@host-1:26257/x?password=**** to host-1 and host-2 via ip-1, ip-2 and 127.0.0.1; file host-1.crt", out);
    }
}
