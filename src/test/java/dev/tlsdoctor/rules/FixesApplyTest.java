package dev.tlsdoctor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.FixScript;
import dev.tlsdoctor.testing.KeyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard over every rule's fix: for each rule, a certs directory with that fault is made at run time,
 * checked, and the fix it gets is run with bash on a copy of the directory (with the CA keys where the
 * documentation keeps them, $HOME/my-safe-directory); checking the copy again must not find the fault.
 * A {@code cockroach cert} line (not installed here) is checked instead: the key it names must be the key
 * of the CA certificate cockroach cert signs with. Rules whose fix cannot run here are listed with the reason.
 */
class FixesApplyTest {
    /** Rules whose fix is not run here, and why. */
    static final Map<String, String> NOT_RUN = Map.ofEntries(
            Map.entry("ca-intermediate-anchor", "the root CA certificate must be fetched from where it was issued; VerdictAgreementTest applies the fix with it"),
            Map.entry("chain-incomplete", "about a served chain: the fix changes what a running server sends"),
            Map.entry("client-cert-not-sent", "a live login the server refused (network)"),
            Map.entry("hba-password-required", "a live login the server refused (network); ProbePostgresTest applies the fix to a real server"),
            Map.entry("sql-database-missing", "a live login (network); ProbePostgresTest applies the fix to a real server"),
            Map.entry("sql-reserved-role", "a live login refused by CockroachDB's identity map (network)"),
            Map.entry("sql-role-missing", "a live login the server refused (network); ProbePostgresTest applies the fix to a real server"),
            Map.entry("strict-parser-refuses", "the fix is the CA re-issuing the certificate; the command in it, which shows the certificate as OpenSSL reads it, is run by StrictParserRefusalTest"),
            Map.entry("changefeed-uri", "the fix rebuilds a changefeed URI given on the command line, not a file"),
            Map.entry("client-cert-rejected", "a live login refused by the server (network)"),
            Map.entry("connection-eof", "a connection closed by the server (network)"),
            Map.entry("crl-invalid", "the fix is on the CA's CRL publication (network)"),
            Map.entry("crl-revoked", "needs a CRL server (network); its renewCommand is the one run here for expired"),
            Map.entry("crl-stale", "the fix is on the CA's CRL publication (network)"),
            Map.entry("crl-unreachable", "the fix is on the CRL web server (network)"),
            Map.entry("handshake-failed", "the fix is on a running server's TLS settings (network)"),
            Map.entry("insecure-node", "the fix is a node restart without --insecure (server restart)"),
            Map.entry("not-tls", "the fix is the port or proxy dialled (network)"),
            Map.entry("ocsp-bad-response", "the fix is on the OCSP responder (network)"),
            Map.entry("ocsp-nonce-ignored", "information about the OCSP responder (network)"),
            Map.entry("ocsp-sha256-unsupported", "the fix is on the OCSP responder (network)"),
            Map.entry("ocsp-stale", "the fix is on the OCSP responder (network)"),
            Map.entry("ocsp-strict-risk", "the fix is a cluster setting and responder redundancy (network)"),
            Map.entry("ocsp-unknown", "the fix is on the OCSP responder (network)"),
            Map.entry("ocsp-unreachable", "the fix is on the OCSP responder (network)"),
            Map.entry("password-auth", "the fix is a change to a connection URL, not a shell command"),
            Map.entry("revoked", "needs an OCSP responder (network); its renewCommand is the one run here for expired"),
            Map.entry("served-cert-differs", "the fix is a reload of a running node (server restart)"),
            Map.entry("sql-auth-failed", "a live login refused by the server (network)"),
            Map.entry("sslmode", "the fix is a change to a connection URL, not a shell command"),
            Map.entry("timeout", "the fix is on the network path (network)"),
            Map.entry("tls-version", "the fix is a running server's TLS settings (network)"),
            Map.entry("unreachable", "the fix is on the network path (network)"));

    /** Cases whose fix is prose only, and why no command can be given. */
    static final Map<String, String> PROSE_ONLY = Map.of(
            "missing-file: ca.crt missing", "the cluster's CA certificate must be copied from where it is; nothing here can make it",
            "unreadable-file: empty certificate", "the certificate must be restored from where it was issued or a backup");

    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();
    private static final Pki.Issued CLIENT_CA = Pki.ca("Cockroach Client CA").build();
    private static final Pki.Issued UI_CA = Pki.ca("Cockroach UI CA").build();
    private static final Pki.Issued OTHER_CA = Pki.ca("Other CA").build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z][A-Za-z0-9]*}|<[A-Za-z][^<>\\s]*>");

    @TempDir
    Path tmp;

    /** A faulty certs directory: how to make it, what to run check with, and the file the finding is about. */
    record Case(String rule, String name, Fault fault, List<String> args, String subject, String stdin) {
        @Override
        public String toString() {
            return rule + ": " + name;
        }
    }

    interface Fault {
        void make(Path dir, Path safe) throws IOException;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("ca-key-exposed", "ca.key in the certs dir", (d, s) -> {
                    healthy(d, s);
                    Pki.writeKey(d.resolve("ca.key"), CA.keyPem());
                }, List.of(), "ca.key", null),
                new Case("ca-constraints", "ca.crt without CA:TRUE", (d, s) -> {
                    Pki.Issued notCa = Pki.ca("Cockroach CA").notCa().build();
                    CertsDirs.healthyNode(d, notCa);
                    Pki.writeKey(s.resolve("ca.key"), notCa.keyPem());
                }, List.of(), "ca.crt", null),
                new Case("ca-outlived", "node.crt outlives ca.crt", (d, s) -> {
                    Pki.Issued shortCa = Pki.ca("Cockroach CA").validity(Duration.ofDays(-1), Duration.ofDays(400)).build();
                    CertsDirs.healthyNode(d, shortCa);
                    Pki.writeKey(s.resolve("ca.key"), shortCa.keyPem());
                }, List.of(), "node.crt", null),
                new Case("client-cn", "client.root.crt for alice", (d, s) -> {
                    healthy(d, s);
                    CA.issue("alice").clientAuth().build().writeTo(d, "client.root");
                }, List.of(), "client.root.crt", null),
                new Case("expired", "node.crt", (d, s) -> {
                    healthy(d, s);
                    CA.issue("node").sans("localhost", "127.0.0.1").serverAndClient().validity(Duration.ofDays(-30), Duration.ofDays(10)).build().writeTo(d, "node");
                }, List.of(), "node.crt", null),
                new Case("expired", "ca.crt (renewed with the same key)", (d, s) -> {
                    Pki.Issued old = Pki.ca("Cockroach CA").validity(Duration.ofDays(-300), Duration.ofDays(299)).build();
                    old.writeCert(d.resolve("ca.crt"));
                    Pki.writeKey(s.resolve("ca.key"), old.keyPem());
                }, List.of(), "ca.crt", null),
                new Case("expiring-soon", "node.crt in 3 days", (d, s) -> {
                    healthy(d, s);
                    CA.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(-30), Duration.ofDays(33)).build().writeTo(d, "node");
                }, List.of(), "node.crt", null),
                new Case("not-yet-valid", "node.crt from tomorrow", (d, s) -> {
                    healthy(d, s);
                    CA.issue("node").sans("localhost").serverAndClient().validity(Duration.ofDays(1), Duration.ofDays(300)).build().writeTo(d, "node");
                }, List.of(), "node.crt", null),
                new Case("key-encrypted", "node.key with a passphrase", (d, s) -> {
                    healthy(d, s);
                    Pki.Issued node = CA.issue("node").sans("localhost").serverAndClient().build();
                    node.writeTo(d, "node");
                    Pki.writeKey(d.resolve("node.key"), KeyFiles.encryptedPkcs8Pem(node.keyPair().getPrivate(), "secret"));
                }, List.of(), "node.crt", "secret\n"),
                new Case("key-format", "client.root.key.pk8 in PEM", (d, s) -> {
                    healthy(d, s);
                    Files.copy(d.resolve("client.root.key"), d.resolve("client.root.key.pk8"));
                }, List.of(), "client.root.key.pk8", null),
                new Case("key-mismatch", "node.key of another certificate", (d, s) -> {
                    healthy(d, s);
                    Pki.writeKey(d.resolve("node.key"), OTHER_CA.keyPem());
                }, List.of(), "node.crt", null),
                new Case("key-permissions", "node.key 0644", (d, s) -> {
                    healthy(d, s);
                    Files.setPosixFilePermissions(d.resolve("node.key"), PosixFilePermissions.fromString("rw-r--r--"));
                }, List.of(), "node.crt", null),
                new Case("key-usage", "node.crt without clientAuth", (d, s) -> {
                    healthy(d, s);
                    CA.issue("node").sans("localhost").serverAuth().build().writeTo(d, "node");
                }, List.of(), "node.crt", null),
                new Case("missing-file", "empty certs dir", (d, s) -> Files.createDirectories(d), List.of(), "ca.crt", null),
                new Case("missing-file", "ca.crt missing", (d, s) -> {
                    healthy(d, s);
                    Files.delete(d.resolve("ca.crt"));
                }, List.of(), "ca.crt", null),
                new Case("missing-file", "node.crt missing", (d, s) -> {
                    healthy(d, s);
                    Files.delete(d.resolve("node.crt"));
                }, List.of(), "node.crt", null),
                new Case("missing-file", "client.root.key missing", (d, s) -> {
                    healthy(d, s);
                    Files.delete(d.resolve("client.root.key"));
                }, List.of(), "client.root.key", null),
                new Case("missing-file", "no certificate for --user bob", FixesApplyTest::healthy, List.of("--user", "bob"), "client.bob.crt", null),
                new Case("node-cn", "node.crt with CN=db", (d, s) -> {
                    healthy(d, s);
                    CA.issue("db").sans("localhost").serverAndClient().build().writeTo(d, "node");
                }, List.of(), "node.crt", null),
                new Case("san-missing", "node.crt without SANs", (d, s) -> {
                    healthy(d, s);
                    CA.issue("node").serverAndClient().build().writeTo(d, "node");
                }, List.of(), "node.crt", null),
                new Case("san-missing-host", "--host db.example.com", FixesApplyTest::healthy, List.of("--host", "db.example.com"), "node.crt", null),
                new Case("split-ca-mismatch", "client.root.crt signed by ca.key beside ca-client.crt", (d, s) -> {
                    splitClientCa(d, s);
                    CA.issue("root").clientAuth().build().writeTo(d, "client.root");
                }, List.of(), "client.root.crt", null),
                new Case("split-ca-mismatch", "ca-client.crt without client.node.crt", (d, s) -> {
                    healthy(d, s);
                    CLIENT_CA.writeCert(d.resolve("ca-client.crt"));
                    Pki.writeKey(s.resolve("ca-client.key"), CLIENT_CA.keyPem());
                    CLIENT_CA.issue("root").clientAuth().build().writeTo(d, "client.root");
                }, List.of(), "node.crt", null),
                new Case("split-ca-mismatch", "ca-ui.crt without ui.crt", (d, s) -> {
                    healthy(d, s);
                    UI_CA.writeCert(d.resolve("ca-ui.crt"));
                    Pki.writeKey(s.resolve("ca-ui.key"), UI_CA.keyPem());
                }, List.of(), "node.crt", null),
                new Case("stray-file", "client.root.key without client.root.crt", (d, s) -> {
                    healthy(d, s);
                    Files.delete(d.resolve("client.root.crt"));
                }, List.of(), "client.root.key", null),
                new Case("stray-file", "client.root.key without its certificate, split client CA", (d, s) -> {
                    splitClientCa(d, s);
                    CLIENT_CA.issue("root").clientAuth().build().writeTo(d, "client.root");
                    Files.delete(d.resolve("client.root.crt"));
                }, List.of(), "client.root.key", null),
                new Case("stray-file", "misnamed server.crt", (d, s) -> {
                    healthy(d, s);
                    CA.issue("node").sans("localhost").serverAuth().build().writeCert(d.resolve("server.crt"));
                }, List.of(), "server.crt", null),
                new Case("tenant-id", "client-tenant.abc.crt", (d, s) -> {
                    healthy(d, s);
                    CA.issue("O=Cockroach,OU=Tenants,CN=abc").clientAuth().build().writeTo(d, "client-tenant.abc");
                }, List.of(), "client-tenant.abc.crt", null),
                new Case("tenant-id", "client-tenant.5.crt without OU=Tenants", (d, s) -> {
                    healthy(d, s);
                    CA.issue("5").serverAndClient().build().writeTo(d, "client-tenant.5");
                }, List.of(), "client-tenant.5.crt", null),
                new Case("unknown-authority", "client.root.crt from another CA", (d, s) -> {
                    healthy(d, s);
                    OTHER_CA.issue("root").clientAuth().build().writeTo(d, "client.root");
                }, List.of(), "client.root.crt", null),
                new Case("unreadable-file", "DER node.crt", (d, s) -> {
                    healthy(d, s);
                    Pki.Issued node = CA.issue("node").sans("localhost").serverAndClient().build();
                    node.writeTo(d, "node");
                    Files.write(d.resolve("node.crt"), encoded(node));
                }, List.of(), "node.crt", null),
                new Case("unreadable-file", "empty certificate", (d, s) -> {
                    healthy(d, s);
                    Files.write(d.resolve("client.root.crt"), new byte[0]);
                }, List.of(), "client.root.crt", null),
                new Case("weak-key", "node.crt with RSA 1024", (d, s) -> {
                    healthy(d, s);
                    CA.issue("node").sans("localhost").serverAndClient().key("RSA:1024").build().writeTo(d, "node");
                }, List.of(), "node.crt", null),
                new Case("weak-signature", "node.crt signed with SHA-1", (d, s) -> {
                    healthy(d, s);
                    CA.issue("node").sans("localhost").serverAndClient().signatureAlgorithm("SHA1withRSA").build().writeTo(d, "node");
                }, List.of(), "node.crt", null),
                new Case("ocsp-no-url", "node.crt without AIA (OCSP_URL set by the operator)", FixesApplyTest::healthy,
                        List.of("--ocsp", "--ocsp-timeout", "1s"), "node.crt", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theFixRemovesTheFinding(Case c) throws Exception {
        Path faulty = tmp.resolve("faulty dir/certs");
        Path home = tmp.resolve("home");
        Path safe = home.resolve("my-safe-directory");
        Files.createDirectories(faulty);
        Files.createDirectories(safe);
        c.fault().make(faulty, safe);

        List<JsonNode> before = findings(faulty, c);
        assertFalse(before.isEmpty(), () -> c + ": the fault is not found");
        String fix = before.get(0).path("fix").asText();
        Matcher placeholder = PLACEHOLDER.matcher(fix);
        assertFalse(placeholder.find(), () -> c + ": placeholder " + placeholder.group() + " left in the fix:\n" + fix);

        Path work = tmp.resolve("work dir/certs");
        FixScript.copyTree(faulty, work);
        FixScript script = FixScript.of(fix.replace(faulty.toString(), work.toString()));
        script.cockroachLines().forEach(line -> assertRightCaKey(c, line, work, home));
        if (PROSE_ONLY.containsKey(c.toString())) {
            assertTrue(script.commands().isEmpty() && !fix.contains("openssl"), () -> c + " is listed as prose only, but its fix has commands:\n" + fix);
            return;
        }
        assertFalse(script.commands().isEmpty(), () -> c + ": nothing to run in the fix:\n" + fix);
        FixScript.Result run = script.run(work, Map.of("HOME", home.toString(), "OCSP_URL", "http://127.0.0.1:9/"), c.stdin());
        assertEquals(0, run.exitCode(), () -> c + ": the fix failed:\n" + script + "\n" + run.output());

        List<JsonNode> after = findings(work, c);
        assertTrue(after.isEmpty(), () -> c + ": still found after the fix\n" + script + "\n" + after);
    }

    /** Every rule is either run above or listed as not runnable here. */
    @Test
    void everyRuleIsCovered() {
        Set<String> run = new TreeSet<>(cases().map(Case::rule).toList());
        Set<String> all = new TreeSet<>();
        RuleCatalog.load(List.of()).all().forEach(r -> all.add(r.id()));
        Set<String> missing = new TreeSet<>(all);
        missing.removeAll(run);
        missing.removeAll(NOT_RUN.keySet());
        assertEquals(Set.of(), missing, "rules with no fix test and no reason in NOT_RUN");
        Set<String> both = new TreeSet<>(run);
        both.retainAll(NOT_RUN.keySet());
        assertEquals(Set.of(), both, "rules both run and listed as not runnable");
    }

    /** The fixes of the rules not run here have no placeholder in their own text. */
    @Test
    void noFixTemplateHasAnAngleBracketPlaceholder() {
        List<String> found = new ArrayList<>();
        for (RuleSpec rule : RuleCatalog.load(List.of()).all()) {
            Matcher m = Pattern.compile("<[A-Za-z][^<>\\s]*>").matcher(rule.fix());
            while (m.find()) {
                found.add(rule.id() + ": " + m.group());
            }
        }
        assertEquals(List.of(), found);
    }

    /** The findings of the case's rule about its file, as check reports them in JSON. */
    private static List<JsonNode> findings(Path dir, Case c) {
        List<String> args = new ArrayList<>(List.of("check", "--certs-dir", dir.toString(), "--format", "json"));
        args.addAll(c.args());
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertTrue(r.exitCode() < 3, () -> c + ": check could not run\n" + r.all());
        return r.findings(c.rule(), dir.resolve(c.subject()));
    }

    /**
     * A cockroach cert line names the certs dir and, with --ca-key, the key of the CA certificate that
     * cockroach cert uses (pkg/security/certs.go): create-client the first of ca-client.crt, ca.crt;
     * create-node and create-ca ca.crt; create-tenant-client ca-client-tenant.crt, ca-client.crt, ca.crt.
     */
    private static void assertRightCaKey(Case c, String line, Path dir, Path home) {
        Matcher key = Pattern.compile("--ca-key=(\\S+)").matcher(line);
        assertTrue(key.find(), () -> c + ": no --ca-key in " + line);
        assertTrue(line.contains("--certs-dir='" + dir + "' "), () -> c + ": wrong --certs-dir (the path has a space: quoted) in " + line);
        String sub = line.replaceFirst("^(?:mkdir \\S+ \\S+ && )?cockroach cert (\\S+).*", "$1");
        List<String> cas = switch (sub) {
            case "create-client" -> List.of("ca-client.crt", "ca.crt");
            case "create-tenant-client" -> List.of("ca-client-tenant.crt", "ca-client.crt", "ca.crt");
            case "create-client-ca" -> List.of("ca-client.crt");
            case "create-node", "create-ca" -> List.of("ca.crt");
            default -> throw new AssertionError(c + ": unexpected cockroach command " + line);
        };
        Path caCert = cas.stream().map(dir::resolve).filter(Files::exists).findFirst().orElse(null);
        Path keyFile = Path.of(key.group(1).replace("\"$HOME\"", home.toString()).replace("$HOME", home.toString()));
        if (caCert == null || !Files.exists(keyFile)) {
            assertTrue(sub.equals("create-ca") && caCert == null, () -> c + ": " + keyFile + " or the CA certificate is missing for " + line);
            return; // a new CA: its key is made
        }
        try {
            assertTrue(KeyParser.parse(keyFile, Files.readAllBytes(keyFile)).matches(CertParser.certificatesIn(caCert).get(0).getPublicKey()),
                    () -> c + ": " + keyFile + " is not the key of " + caCert + ", which cockroach cert signs with: " + line);
        } catch (Exception e) {
            fail(c + ": cannot read " + keyFile + " or " + caCert + ": " + e);
        }
    }

    /** A healthy node directory signed by {@link #CA}, its key in the safe directory. */
    private static void healthy(Path dir, Path safe) {
        CertsDirs.healthyNode(dir, CA);
        Pki.writeKey(safe.resolve("ca.key"), CA.keyPem());
    }

    /** A node directory with a split client CA: ca-client.crt and client.node.crt signed by it. */
    private static void splitClientCa(Path dir, Path safe) {
        healthy(dir, safe);
        CLIENT_CA.writeCert(dir.resolve("ca-client.crt"));
        Pki.writeKey(safe.resolve("ca-client.key"), CLIENT_CA.keyPem());
        CLIENT_CA.issue("node").clientAuth().build().writeTo(dir, "client.node");
        CLIENT_CA.issue("root").clientAuth().build().writeTo(dir, "client.root");
    }

    private static byte[] encoded(Pki.Issued issued) {
        try {
            return issued.cert().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
