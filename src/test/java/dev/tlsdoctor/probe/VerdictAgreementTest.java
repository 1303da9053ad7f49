package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.OpensslServer;
import dev.tlsdoctor.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's verdict-agreement guard: where clients decide differently from Go, the verdict says which accept
 * and which refuse, and each client family it names is run for real where it is installed (openssl,
 * psql/libpq and a PostgreSQL server, the JDBC driver, Python's ssl module, Node.js).
 * <ul>
 *   <li>A ca.crt holding only an intermediate CA (item 3): Go and Java accept the intermediate as a trust
 *       anchor, so tls-doctor's own path validation passes; OpenSSL without partial-chain verification does not.
 *   <li>A server certificate with a CN and no SANs: Go refuses it (crypto/x509 since Go 1.15, "x509: certificate
 *       relies on legacy Common Name field, use SANs instead"); libpq and the JDBC driver fall back to the CN.
 * </ul>
 */
class VerdictAgreementTest {
    @TempDir
    static Path dir;
    static Path certsDir;
    static Path intermediateOnly;
    static Path withRoot;
    static Path leafOnly;
    static Path nodeChain;

    @BeforeAll
    static void pki() throws IOException {
        Pki.Issued root = Pki.ca("Root CA").build();
        Pki.Issued intermediate = root.issue("Intermediate CA").ca().build();
        certsDir = Files.createDirectories(dir.resolve("certs"));
        intermediateOnly = intermediate.writeCert(certsDir.resolve("ca.crt"));
        Pki.Issued node = intermediate.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build();
        nodeChain = node.writeTo(certsDir, "node", intermediate.cert());
        intermediate.issue("root").clientAuth().build().writeTo(certsDir, "client.root");
        leafOnly = node.writeCert(dir.resolve("leaf.crt"));
        root.writeCert(dir.resolve("root-ca.crt"));
        withRoot = Files.writeString(dir.resolve("int-and-root.crt"), intermediate.certPem() + root.certPem());
    }

    private static Run run(Path cwd, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return new Run(p.exitValue(), output);
    }

    private record Run(int exit, String output) {}

    private static boolean installed(String program) {
        try {
            return new ProcessBuilder(program, "--version").redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void checkWarnsAboutTheCaFileAndItsFixWorksWhenPasted(@TempDir Path work) throws Exception {
        ProbeOutput out = ProbeOutput.of("check", "--certs-dir", certsDir.toString());
        out.assertFires("ca-intermediate-anchor", "holds the intermediate CA 'CN=Intermediate CA,O=Cockroach' but not the root that issued it ('CN=Root CA,O=Cockroach')",
                "Go (CockroachDB, cockroach sql) and Java (JDBC) accept", "libpq (psql");
        JsonNode finding = out.finding("ca-intermediate-anchor");
        assertEquals("warning", finding.path("severity").asText());
        assertEquals(certsDir.resolve("ca.crt").toString(), finding.path("subject").asText());
        assertEquals(1, out.findings("ca-intermediate-anchor").size(), "one finding for the CA file, not one per certificate it verifies");
        out.assertSilent("unknown-authority", "chain-incomplete");

        // the fix, pasted where root-ca.crt is, on a copy of the directory
        Path copy = Files.createDirectories(work.resolve("certs"));
        try (var files = Files.list(certsDir)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.copy(dir.resolve("root-ca.crt"), work.resolve("root-ca.crt"));
        String fix = ProbeOutput.of("check", "--certs-dir", copy.toString()).finding("ca-intermediate-anchor").path("fix").asText();
        String[] lines = fix.split("\n");
        assertEquals(0, run(work, "bash", "-c", lines[1].strip()).exit(), lines[1]);
        String verify = lines[2].substring(lines[2].indexOf("openssl verify")).strip();
        Run verified = run(work, "bash", "-c", verify);
        assertEquals(0, verified.exit(), verify + ": " + verified.output());
        ProbeOutput after = ProbeOutput.of("check", "--certs-dir", copy.toString());
        after.assertSilent("ca-intermediate-anchor", "unknown-authority");
    }

    @Test
    void opensslRefusesTheIntermediateAloneUnlessAskedForPartialChains() throws Exception {
        OpensslServer.assumeInstalled();
        Run plain = run(dir, "openssl", "verify", "-CAfile", intermediateOnly.toString(), leafOnly.toString());
        assertNotEquals(0, plain.exit(), plain.output());
        assertTrue(plain.output().contains("unable to get issuer certificate"), plain.output());
        Run partial = run(dir, "openssl", "verify", "-partial_chain", "-CAfile", intermediateOnly.toString(), leafOnly.toString());
        assertEquals(0, partial.exit(), partial.output());
        assertEquals(0, run(dir, "openssl", "verify", "-CAfile", withRoot.toString(), leafOnly.toString()).exit());
    }

    /** tls-doctor (Java) gets through where psql (libpq) fails, and says so; with the root added both get through. */
    @Test
    void psqlRefusesTheChainJavaAcceptsAndTheProbeSaysWhich() throws Exception {
        try (PostgresServer pg = PostgresServer.start(nodeChain, certsDir.resolve("node.key"), withRoot, "root")) {
            ProbeOutput probe = ProbeOutput.of("probe", pg.target(), "--mode", "pgwire", "--ca", intermediateOnly.toString(),
                    "--cert", certsDir.resolve("client.root.crt").toString(), "--key", certsDir.resolve("client.root.key").toString(),
                    "--user", "root", "--database", "postgres");
            assertEquals("ok", probe.target("pgwire").path("outcome").asText(), "Java accepts the intermediate as an anchor");
            probe.assertFires("ca-intermediate-anchor", "the chain verifies only because " + intermediateOnly + " holds the intermediate CA", "libpq (psql");
            probe.assertExit(1);

            Path psql = PostgresServer.binDir().resolve("psql");
            String conninfo = "host=127.0.0.1 port=" + pg.port() + " dbname=postgres user=root sslmode=verify-full sslcert=" + certsDir.resolve("client.root.crt")
                    + " sslkey=" + certsDir.resolve("client.root.key");
            Run refused = run(dir, psql.toString(), conninfo + " sslrootcert=" + intermediateOnly, "-Atc", "select 1");
            assertNotEquals(0, refused.exit(), refused.output());
            assertTrue(refused.output().contains("certificate verify failed"), refused.output());
            Run accepted = run(dir, psql.toString(), conninfo + " sslrootcert=" + withRoot, "-Atc", "select 1");
            assertEquals("1", accepted.output().strip(), accepted.output());
            ProbeOutput.of("probe", pg.target(), "--mode", "pgwire", "--ca", withRoot.toString()).assertSilent("ca-intermediate-anchor");
        }
    }

    /** The server side of the same disagreement: PostgreSQL (OpenSSL) with an intermediate-only ssl_ca_file refuses client certificates that Go would accept. */
    @Test
    void aPostgresServerWithTheIntermediateAloneRefusesClientCertificates() throws Exception {
        try (PostgresServer pg = PostgresServer.start(nodeChain, certsDir.resolve("node.key"), intermediateOnly, "root")) {
            Run psql = run(dir, PostgresServer.binDir().resolve("psql").toString(), "host=127.0.0.1 port=" + pg.port() + " dbname=postgres user=root"
                    + " sslmode=verify-full sslrootcert=" + withRoot + " sslcert=" + certsDir.resolve("client.root.crt") + " sslkey=" + certsDir.resolve("client.root.key"),
                    "-Atc", "select 1");
            assertNotEquals(0, psql.exit(), psql.output());
            assertTrue(psql.output().contains("unknown ca"), psql.output());
            ProbeOutput.of("probe", pg.target(), "--mode", "pgwire", "--ca", withRoot.toString(), "--cert", certsDir.resolve("client.root.crt").toString(),
                    "--key", certsDir.resolve("client.root.key").toString(), "--user", "root", "--database", "postgres").assertFires("client-cert-rejected");
        }
    }

    @Test
    void aCertificateWithOnlyACommonNameIsRefusedByGoButNotByLibpqOrJdbc(@TempDir Path cn) throws Exception {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        Path caFile = ca.writeCert(cn.resolve("ca.crt"));
        Path serverCert = ca.issue("localhost").serverAndClient().build().writeTo(cn, "server");
        Pki.Issued client = ca.issue("root").clientAuth().build();
        client.writeTo(cn, "client.root");
        Files.write(cn.resolve("client.root.key.pk8"), client.keyPkcs8Der());
        try (PostgresServer pg = PostgresServer.start(serverCert, cn.resolve("server.key"), caFile, "root")) {
            ProbeOutput probe = ProbeOutput.of("probe", "localhost:" + pg.port(), "--mode", "pgwire", "--ca", caFile.toString());
            probe.assertFires("san-missing", "Go clients (CockroachDB's own nodes, cockroach sql, pgx, lib/pq) refuse it",
                    "libpq (psql) and the JDBC driver still accept a CN equal to the host name they dial");

            Run psql = run(cn, PostgresServer.binDir().resolve("psql").toString(), "host=localhost port=" + pg.port() + " dbname=postgres user=root"
                    + " sslmode=verify-full sslrootcert=" + caFile + " sslcert=" + cn.resolve("client.root.crt") + " sslkey=" + cn.resolve("client.root.key"),
                    "-Atc", "select 1");
            assertEquals("1", psql.output().strip(), "libpq accepts the CN: " + psql.output());
            ProbeOutput jdbc = ProbeOutput.of("connect", "--url", "postgresql://root@localhost:" + pg.port() + "/postgres?sslmode=verify-full&sslrootcert=" + caFile
                    + "&sslcert=" + cn.resolve("client.root.crt") + "&sslkey=" + cn.resolve("client.root.key.pk8"));
            assertEquals("ok", jdbc.target("jdbc").path("outcome").asText(), "the JDBC driver accepts the CN: " + jdbc.run().out());
        }
    }

    /**
     * Python's ssl.create_default_context() sets VERIFY_X509_PARTIAL_CHAIN from 3.13 on (CPython Lib/ssl.py); Node.js
     * refuses unless allowPartialTrustChain is set (an option since 22.9.0 and 20.18.0). Whichever is installed decides
     * as the warning says for its version.
     */
    @Test
    void pythonAndNodeDecideAsTheWarningSaysForTheirVersion() throws Exception {
        try (OpensslServer server = OpensslServer.start(dir, "-cert", leafOnly.toString(), "-key", certsDir.resolve("node.key").toString(),
                "-cert_chain", intermediateOnly.toString())) {
            List<String> checked = new ArrayList<>();
            if (installed("python3")) {
                String script = "import ssl,socket,sys\n"
                        + "ctx=ssl.create_default_context(cafile=sys.argv[1])\n"
                        + "try:\n"
                        + "    ctx.wrap_socket(socket.create_connection(('127.0.0.1',int(sys.argv[2]))),server_hostname='localhost').close(); print('accepted')\n"
                        + "except ssl.SSLCertVerificationError as e: print('refused', e.verify_message)\n"
                        + "print(sys.version_info >= (3,13))\n";
                Run python = run(dir, "python3", "-c", script, intermediateOnly.toString(), String.valueOf(server.port()));
                boolean partialByDefault = python.output().strip().endsWith("True");
                assertTrue(python.output().startsWith(partialByDefault ? "accepted" : "refused unable to get issuer certificate"), python.output());
                checked.add("python");
            }
            if (installed("node")) {
                String script = "const tls=require('tls'),fs=require('fs');const [ca,port,partial]=process.argv.slice(1);"
                        + "const s=tls.connect({host:'127.0.0.1',port:+port,servername:'localhost',ca:fs.readFileSync(ca),allowPartialTrustChain:partial==='yes'},"
                        + "()=>{console.log('accepted');s.end();});s.on('error',e=>console.log('refused '+e.code));";
                Run strict = run(dir, "node", "-e", script, intermediateOnly.toString(), String.valueOf(server.port()), "no");
                assertEquals("refused UNABLE_TO_GET_ISSUER_CERT", strict.output().strip(), strict.output());
                Run version = run(dir, "node", "-p", "const [a,b]=process.versions.node.split('.').map(Number); a>22||a===22&&b>=9||a===20&&b>=18||a===21");
                if (version.output().strip().equals("true")) {
                    assertEquals("accepted", run(dir, "node", "-e", script, intermediateOnly.toString(), String.valueOf(server.port()), "yes").output().strip());
                }
                checked.add("node");
            }
            Assumptions.assumeFalse(checked.isEmpty(), "neither python3 nor node is installed");
        }
    }
}
