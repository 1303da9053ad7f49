package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Ports;
import dev.tlsdoctor.testing.PostgresServer;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes and JDBC connections against a real PostgreSQL server with ssl=on and certificate
 * authentication: the same SSLRequest, TLS and client-certificate login CockroachDB speaks.
 */
class ProbePostgresTest {
    @TempDir
    static Path dir;
    static Path certsDir;
    static Path caFile;
    static PostgresServer pg;

    @BeforeAll
    static void startPostgres() throws IOException {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        certsDir = Files.createDirectories(dir.resolve("certs"));
        caFile = ca.writeCert(certsDir.resolve("ca.crt"));
        ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build().writeTo(dir, "server");
        Pki.Issued root = ca.issue("root").clientAuth().build();
        root.writeTo(certsDir, "client.root");
        Files.write(certsDir.resolve("client.root.key.pk8"), root.keyPair().getPrivate().getEncoded());
        ca.issue("bob").clientAuth().build().writeTo(certsDir, "client.bob");
        ca.issue("pwuser").clientAuth().build().writeTo(certsDir, "client.pwuser");
        ca.issue("root").clientAuth().validity(java.time.Duration.ofDays(-30), java.time.Duration.ofDays(10)).build().writeTo(dir, "expired-root");
        Pki.ca("Other CA").build().issue("root").clientAuth().build().writeTo(dir, "stranger");
        pg = PostgresServer.start(dir.resolve("server.crt"), dir.resolve("server.key"), caFile, "root", "maxroach", "pwuser");
        pg.hbaFirst("hostssl all pwuser 127.0.0.1/32 scram-sha-256");
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    private ProbeOutput probe(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "probe";
        all[1] = pg.target();
        all[2] = "--database";
        all[3] = "postgres";
        System.arraycopy(args, 0, all, 4, args.length);
        return ProbeOutput.of(all);
    }

    @Test
    void certificateLoginAccepted() {
        ProbeOutput out = probe("--mode", "pgwire", "--certs-dir", certsDir.toString(), "--user", "root");
        out.assertExit(0);
        assertEquals(java.util.List.of(), out.rules());
        JsonNode t = out.target("pgwire");
        assertEquals("ok", t.path("outcome").asText());
        assertTrue(t.path("sql_login").path("accepted").asBoolean());
        assertEquals("root", t.path("sql_login").path("user").asText());
        assertEquals("CN=root,O=Cockroach", t.path("client_auth").path("presented").asText());
        assertEquals(2, t.path("chain_length").asInt(), "PostgreSQL (OpenSSL) sends the CA after the leaf");
    }

    @Test
    void autoModeKeepsTheDirectTlsRefusalAsInfo() {
        ProbeOutput out = probe("--ca", caFile.toString());
        assertEquals("ok", out.target("pgwire").path("outcome").asText());
        assertEquals("handshake-failed", out.target("tls").path("outcome").asText());
        assertEquals("info", out.finding("handshake-failed").path("severity").asText());
        out.assertSilent("tls-version");
        out.assertExit(0);
    }

    @Test
    void loginAsAUserTheCertificateDoesNotNameIsRefusedWithTheServersWords() {
        ProbeOutput out = probe("--mode", "pgwire", "--ca", caFile.toString(),
                "--cert", certsDir.resolve("client.root.crt").toString(), "--key", certsDir.resolve("client.root.key").toString(), "--user", "maxroach");
        out.assertFires("sql-auth-failed", "certificate authentication failed for user \"maxroach\"", "SQLSTATE 28000", "we presented 'CN=root,O=Cockroach'");
        assertEquals("cert-refused", out.target("pgwire").path("sql_login").path("cause").asText());
        out.assertSilent("client-cert-rejected", "sql-role-missing");
        out.assertExit(2);
    }

    /** Issue 14: a role that does not exist was told to get a new certificate; the fix is CREATE USER. */
    @Test
    void aMissingRoleIsFixedWithCreateUserNotANewCertificate() {
        ProbeOutput noRole = probe("--mode", "pgwire", "--certs-dir", certsDir.toString(), "--user", "bob");
        noRole.assertFires("sql-role-missing", "role \"bob\" does not exist", "SQLSTATE 28000");
        assertTrue(noRole.finding("sql-role-missing").path("fix").asText().contains("CREATE USER bob;"), noRole.run().out());
        noRole.assertSilent("sql-auth-failed", "client-cert-rejected");
        assertEquals("AuthenticationOk, then an error", noRole.target("pgwire").path("sql_login").path("answer").asText());
        assertEquals("role-missing", noRole.target("pgwire").path("sql_login").path("cause").asText());
        noRole.assertExit(2);
        pg.psql("CREATE USER bob;"); // the fix, as printed
        probe("--mode", "pgwire", "--certs-dir", certsDir.toString(), "--user", "bob").assertExit(0);
    }

    /** Issue 14: SQLSTATE 3D000 after AuthenticationOk means the certificate login worked; it was an error with "issue a certificate". */
    @Test
    void aMissingDatabaseAfterALoginThatWorkedIsInfo() {
        ProbeOutput out = ProbeOutput.of("probe", pg.target(), "--mode", "pgwire", "--certs-dir", certsDir.toString(), "--user", "root");
        out.assertFires("sql-database-missing", "worked (AuthenticationOk)", "database \"defaultdb\" does not exist (SQLSTATE 3D000)");
        JsonNode finding = out.finding("sql-database-missing");
        assertEquals("info", finding.path("severity").asText());
        assertTrue(finding.path("fix").asText().contains("--database postgres") && finding.path("fix").asText().contains("CREATE DATABASE defaultdb;"),
                finding.toString());
        out.assertSilent("sql-auth-failed");
        assertEquals("ok", out.target("pgwire").path("outcome").asText());
        out.assertExit(0);
        pg.psql("CREATE DATABASE defaultdb;"); // the fix, as printed
        ProbeOutput fixed = ProbeOutput.of("probe", pg.target(), "--mode", "pgwire", "--certs-dir", certsDir.toString(), "--user", "root");
        fixed.assertSilent("sql-database-missing");
        assertTrue(fixed.target("pgwire").path("sql_login").path("accepted").asBoolean(), fixed.run().out());
    }

    /** Issue 14: the server's HBA rule asks this user for a password although our certificate was sent. */
    @Test
    void aPasswordAskedForDespiteTheCertificateIsTheHbaConfiguration() {
        ProbeOutput out = probe("--mode", "pgwire", "--certs-dir", certsDir.toString(), "--user", "pwuser");
        out.assertFires("hba-password-required", "asked for a password (SCRAM-SHA-256", "we presented 'CN=pwuser,O=Cockroach'");
        String fix = out.finding("hba-password-required").path("fix").asText();
        out.assertSilent("sql-auth-failed", "client-cert-not-sent");
        out.assertExit(2);
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("add \"([^\"]+)\" above it in pg_hba.conf").matcher(fix);
        assertTrue(line.find(), fix);
        pg.hbaFirst(line.group(1)); // the fix, as printed
        probe("--mode", "pgwire", "--certs-dir", certsDir.toString(), "--user", "pwuser").assertExit(0);
    }

    /** Issue 14: client-cert-rejected says that our certificate has expired, and that its CA is not one the server accepts. */
    @Test
    void aRejectedClientCertificateSaysWhichFactMakesItUnacceptable() {
        ProbeOutput expired = probe("--mode", "pgwire", "--ca", caFile.toString(),
                "--cert", dir.resolve("expired-root.crt").toString(), "--key", dir.resolve("expired-root.key").toString(), "--user", "root");
        expired.assertFires("client-cert-rejected", "our certificate expired on");
        ProbeOutput stranger = probe("--mode", "pgwire", "--ca", caFile.toString(),
                "--cert", dir.resolve("stranger.crt").toString(), "--key", dir.resolve("stranger.key").toString(), "--user", "root");
        stranger.assertFires("client-cert-rejected", "so it does not trust the CA that signed ours");
        assertFalse(stranger.finding("client-cert-rejected").path("message").asText().contains("expired"));
    }

    @Test
    void certificateFromAnotherCaIsRejected() {
        ProbeOutput out = probe("--mode", "pgwire", "--ca", caFile.toString(),
                "--cert", dir.resolve("stranger.crt").toString(), "--key", dir.resolve("stranger.key").toString());
        out.assertFires("client-cert-rejected", "issued by 'CN=Other CA,O=Cockroach'");
        out.assertSilent("sql-auth-failed");
        out.assertExit(2);
    }

    @Test
    void servedCertificateDiffersFromTheCertsDirectory(@TempDir Path other) {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(other.resolve("ca.crt"));
        ca.issue("node").sans("127.0.0.1").serverAndClient().build().writeTo(other, "node");
        ProbeOutput out = probe("--mode", "pgwire", "--certs-dir", other.toString());
        out.assertFires("served-cert-differs", other.resolve("node.crt").toString());
        assertEquals(pg.target() + " (pgwire)", out.finding("served-cert-differs").path("subject").asText());
        out.assertFires("unknown-authority");
    }

    private String url(String user, String key, String extra) {
        return "postgresql://" + user + "@" + pg.target() + "/postgres?sslmode=verify-full&sslrootcert=" + caFile
                + "&sslcert=" + certsDir.resolve("client.root.crt") + "&sslkey=" + key + extra;
    }

    @Test
    void jdbcConnectsWithAPkcs8DerKey() {
        ProbeOutput out = ProbeOutput.of("connect", "--url", url("root", certsDir.resolve("client.root.key.pk8").toString(), ""));
        out.assertExit(0);
        assertEquals("ok", out.target("jdbc").path("outcome").asText());
        assertTrue(out.target("jdbc").path("detail").asText().startsWith("connected as root"), out.target("jdbc").toString());
    }

    @Test
    void jdbcRefusesAPemKeyAndTheFixConvertsIt() {
        Path pem = certsDir.resolve("client.root.key");
        ProbeOutput out = ProbeOutput.of("connect", "--url", url("root", pem.toString(), ""));
        out.assertFires("key-format", "PEM (RSA PRIVATE KEY)", "Could not read SSL key file");
        assertTrue(out.finding("key-format").path("fix").asText()
                .contains("openssl pkcs8 -topk8 -inform PEM -outform DER -nocrypt -in " + pem + " -out " + pem + ".pk8"));
        out.assertExit(2);
    }

    @Test
    void jdbcWithTheWrongCaIsExplainedByTheServedChain(@TempDir Path other) {
        Path wrongCa = Pki.ca("Cockroach CA").build().writeCert(other.resolve("ca.crt"));
        String url = "postgresql://root@" + pg.target() + "/postgres?sslmode=verify-full&sslrootcert=" + wrongCa
                + "&sslcert=" + certsDir.resolve("client.root.crt") + "&sslkey=" + certsDir.resolve("client.root.key.pk8");
        ProbeOutput out = ProbeOutput.of("connect", "--url", url);
        out.assertFires("handshake-failed", "the driver refused the server's certificate", "PKIX");
        out.assertFires("unknown-authority", wrongCa.toString());
        out.assertExit(2);
    }

    /** Issue 14: a URL without a client certificate got "issue a certificate for the user"; no certificate was sent. */
    @Test
    void jdbcWithoutAClientCertificateSaysNoneWasSent() {
        ProbeOutput out = ProbeOutput.of("connect", "--url", "postgresql://root@" + pg.target() + "/postgres?sslmode=verify-full&sslrootcert=" + caFile);
        out.assertFires("client-cert-not-sent", "connection requires a valid client certificate", "the URL names no sslcert");
        out.assertSilent("sql-auth-failed");
        out.assertExit(2);
    }

    /** Issue 14: in connect, the application's own URL names the database, so a missing one fails its connection. */
    @Test
    void jdbcToAMissingDatabaseIsAnError() {
        ProbeOutput out = ProbeOutput.of("connect", "--url", "postgresql://root@" + pg.target() + "/nodb?sslmode=verify-full&sslrootcert=" + caFile
                + "&sslcert=" + certsDir.resolve("client.root.crt") + "&sslkey=" + certsDir.resolve("client.root.key.pk8"));
        out.assertFires("sql-database-missing", "database \"nodb\" does not exist");
        assertEquals("error", out.finding("sql-database-missing").path("severity").asText());
        out.assertSilent("sql-auth-failed");
        out.assertExit(2);
    }

    /**
     * Issue 14, item 2: a key the bundled driver cannot load failed the connection, yet connect printed only a
     * warning (exit 1) and no target. Also a key encrypted without sslpassword, which printed nothing and exited 0.
     */
    @Test
    void jdbcKeysTheDriverCannotLoadFailTheConnectionAsAnError(@TempDir Path keys) throws Exception {
        Path pkcs8Pem = keys.resolve("client.root.pem");
        assertEquals(0, openssl("pkcs8", "-topk8", "-nocrypt", "-in", certsDir.resolve("client.root.key").toString(), "-out", pkcs8Pem.toString()));
        Path encrypted = keys.resolve("enc.key");
        Path encryptedDer = keys.resolve("enc.pk8");
        assertEquals(0, openssl("pkcs8", "-topk8", "-v2", "aes256", "-passout", "pass:secret", "-in", pkcs8Pem.toString(), "-out", encrypted.toString()));
        assertEquals(0, openssl("pkcs8", "-topk8", "-v2", "aes256", "-passout", "pass:secret", "-in", pkcs8Pem.toString(), "-outform", "DER",
                "-out", encryptedDer.toString()));
        for (Path bad : java.util.List.of(pkcs8Pem, encrypted, encryptedDer)) {
            Cli.Result text = Cli.run("connect", "--url", url("root", bad.toString(), ""));
            assertFalse(text.err().contains("SEVERE") || text.out().contains("SEVERE"), text.err());
            ProbeOutput out = ProbeOutput.of("connect", "--url", url("root", bad.toString(), ""));
            out.assertExit(2);
            assertEquals("client-setup-failed", out.target("jdbc").path("outcome").asText(), bad + ": " + out.run().out());
            assertTrue(out.target("jdbc").path("detail").asText().startsWith("the driver could not use its key, so it did not connect: "), out.target("jdbc").toString());
            JsonNode finding = out.finding("key-format");
            assertEquals("error", finding.path("severity").asText(), bad + ": " + finding);
            assertTrue(finding.path("message").asText().contains(bad.toString()), finding.toString());
        }
        String fix = ProbeOutput.of("connect", "--url", url("root", encryptedDer.toString(), "")).finding("key-format").path("fix").asText();
        assertTrue(fix.startsWith("openssl pkcs8 -topk8 -nocrypt -inform DER -in " + encryptedDer + " -outform DER -out " + encryptedDer + ".plain.pk8"), fix);
    }

    /** An encrypted key cannot be presented: could not check (exit 3), one line naming the file, and a decryption that works when pasted. */
    @Test
    void anEncryptedKeyIsNamedWithAWorkingDecryption(@TempDir Path keys) throws Exception {
        Path encrypted = keys.resolve("client.root.key");
        assertEquals(0, openssl("pkcs8", "-topk8", "-v2", "aes256", "-passout", "pass:secret", "-in", certsDir.resolve("client.root.key").toString(),
                "-out", encrypted.toString()));
        Cli.Result r = Cli.run("probe", pg.target(), "--mode", "pgwire", "--ca", caFile.toString(), "--cert", certsDir.resolve("client.root.crt").toString(),
                "--key", encrypted.toString(), "--user", "root", "--database", "postgres");
        assertEquals(3, r.exitCode(), r.all());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        String command = r.err().substring(r.err().indexOf("openssl pkey")).strip();
        assertEquals("openssl pkey -in " + encrypted + " -out " + encrypted + ".plain && chmod 600 " + encrypted + ".plain", command);
        assertEquals(0, openssl("pkey", "-passin", "pass:secret", "-in", encrypted.toString(), "-out", encrypted + ".plain"));
        probe("--mode", "pgwire", "--ca", caFile.toString(), "--cert", certsDir.resolve("client.root.crt").toString(), "--key", encrypted + ".plain",
                "--user", "root").assertExit(0);
    }

    /** A missing sslkey is a missing file, not a format to convert; the connection is still a failed target. */
    @Test
    void jdbcWithAMissingKeyFileSaysItIsMissing() {
        Path missing = certsDir.resolve("gone.pk8");
        ProbeOutput out = ProbeOutput.of("connect", "--url", url("root", missing.toString(), ""));
        out.assertFires("unreadable-file", "sslkey of " + pg.target() + " (jdbc): no such file");
        out.assertSilent("key-format");
        assertEquals("client-setup-failed", out.target("jdbc").path("outcome").asText(), out.run().out());
        out.assertExit(2);
    }

    /**
     * Issue 14, item 2: the driver logs a refused host name at SEVERE through java.util.logging, which printed
     * "SEVERE: Server name validation failed ..." on the terminal. Run as a separate process: the log's console
     * handler writes to the process's own stderr.
     */
    @Test
    void theDriversOwnLogNeverReachesTheTerminal() throws Exception {
        String name = java.net.InetAddress.getLocalHost().getHostName();
        org.junit.jupiter.api.Assumptions.assumeTrue(!name.equals("localhost") && java.net.InetAddress.getByName(name).getHostAddress().equals("127.0.0.1"),
                "needs a host name other than localhost that resolves to 127.0.0.1");
        String url = "postgresql://root@" + name + ":" + pg.port() + "/postgres?sslmode=verify-full&sslrootcert=" + caFile
                + "&sslcert=" + certsDir.resolve("client.root.crt") + "&sslkey=" + certsDir.resolve("client.root.key.pk8");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "dev.tlsdoctor.cli.Main", "connect", "--url", url).redirectErrorStream(true).start();
        String seen = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(seen.contains("san-missing-host") || seen.contains("handshake-failed"), seen);
        assertFalse(seen.contains("SEVERE") || seen.contains("PGjdbcHostnameVerifier"), seen);
    }

    private static int openssl(String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void jdbcLoginRefusalCarriesTheServerText() {
        ProbeOutput out = ProbeOutput.of("connect", "--url", url("maxroach", certsDir.resolve("client.root.key.pk8").toString(), ""));
        out.assertFires("sql-auth-failed", "certificate authentication failed for user \"maxroach\"");
        out.assertExit(2);
    }

    @Test
    void passwordsInUrlsNeverAppearInAnyOutput() {
        String secret = "Sup3rS3cret-pw";
        String url = "postgresql://maxroach:" + secret + "@" + pg.target() + "/postgres?sslmode=verify-full&sslrootcert=" + caFile
                + "&sslcert=" + certsDir.resolve("client.root.crt") + "&sslkey=" + certsDir.resolve("client.root.key.pk8")
                + "&sslpassword=" + secret + "2";
        for (String format : new String[] {"text", "json"}) {
            Cli.Result r = Cli.run("connect", "--url", url, "--format", format);
            assertFalse(r.out().contains(secret) || r.err().contains(secret), r.out() + r.err());
            assertEquals(2, r.exitCode(), r.out() + r.err());
        }
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream((url + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Cli.Result piped = Cli.run("connect", "--url", "-");
            assertFalse(piped.out().contains(secret), piped.out());
            assertTrue(piped.out().contains("certificate authentication failed for user \"maxroach\""), piped.out());
        } finally {
            System.setIn(stdin);
        }
        Cli.Result bad = Cli.run("connect", "--url", "mysql://root:" + secret + "@127.0.0.1/db");
        assertFalse(bad.err().contains(secret), bad.err());
        assertEquals(3, bad.exitCode());
    }

    @Test
    void jdbcToAClosedPortIsUnreachableAndUnknown() {
        ProbeOutput out = ProbeOutput.of("connect", "--url", "postgresql://root@127.0.0.1:" + Ports.free() + "/postgres?sslmode=require", "--timeout", "2s");
        out.assertFires("unreachable");
        out.assertExit(3);
    }
}
