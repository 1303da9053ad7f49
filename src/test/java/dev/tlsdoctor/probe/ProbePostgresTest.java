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
        Pki.ca("Other CA").build().issue("root").clientAuth().build().writeTo(dir, "stranger");
        pg = PostgresServer.start(dir.resolve("server.crt"), dir.resolve("server.key"), caFile, "root", "maxroach");
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
        out.assertFires("sql-auth-failed", "certificate authentication failed for user \"maxroach\"", "SQLSTATE 28000");
        out.assertSilent("client-cert-rejected");
        out.assertExit(2);
        ProbeOutput noRole = probe("--mode", "pgwire", "--certs-dir", certsDir.toString(), "--user", "bob");
        noRole.assertFires("sql-auth-failed", "role \"bob\" does not exist");
        assertEquals("AuthenticationOk, then an error", noRole.target("pgwire").path("sql_login").path("answer").asText());
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
