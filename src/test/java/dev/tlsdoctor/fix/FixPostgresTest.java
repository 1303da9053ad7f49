package dev.tlsdoctor.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What fix issues works with the real thing: a PostgreSQL server (TLS, certificate login, the same
 * SSLRequest and client-certificate check as CockroachDB) serves the re-issued node certificate to psql
 * with sslmode=verify-full and accepts a login with the re-issued client certificate.
 */
class FixPostgresTest {
    @TempDir
    Path tmp;

    @Test
    void reissuedNodeAndClientCertificatesWorkWithPostgresAndPsql() throws Exception {
        Path dir = tmp.resolve("certs");
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        Path caKey = Pki.writeKey(tmp.resolve("keys/ca.key"), Pki.traditionalKeyPem(ca.keyPair()));
        ca.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node"); // no 127.0.0.1: verify-full to it fails
        ca.issue("root").clientAuth().validity(Duration.ofDays(-400), Duration.ofDays(365)).build().writeTo(dir, "client.root"); // expired
        Path oldClientCert = Files.copy(dir.resolve("client.root.crt"), tmp.resolve("old-client.root.crt"));

        Cli.Result fix = Cli.run("fix", "--certs-dir", dir.toString(), "--host", "127.0.0.1", "--ca-key", caKey.toString(), "--apply");
        assertEquals(0, fix.exitCode(), fix.all());
        assertTrue(fix.out().contains("re-issue " + dir.resolve("node.crt")) && fix.out().contains("re-issue " + dir.resolve("client.root.crt")), fix.out());

        try (PostgresServer pg = PostgresServer.start(dir.resolve("node.crt"), dir.resolve("node.key"), dir.resolve("ca.crt"), "root")) {
            Psql before = psql(pg, dir, oldClientCert);
            assertTrue(before.exit() != 0 && before.output().contains("certificate"), "the expired client certificate is refused: " + before.output());

            Psql after = psql(pg, dir, dir.resolve("client.root.crt"));
            assertEquals(0, after.exit(), after.output() + "\n" + pg.log());
            assertEquals("root", after.output().strip(), after.output());
        }
    }

    private record Psql(int exit, String output) {}

    /** psql with verify-full against 127.0.0.1, logging in as root with {@code clientCert} and client.root.key. */
    private static Psql psql(PostgresServer pg, Path dir, Path clientCert) throws IOException, InterruptedException {
        String conninfo = "host=127.0.0.1 port=" + pg.port() + " dbname=postgres user=root sslmode=verify-full sslrootcert=" + dir.resolve("ca.crt")
                + " sslcert=" + clientCert + " sslkey=" + dir.resolve("client.root.key");
        Process p = new ProcessBuilder(List.of(PostgresServer.binDir().resolve("psql").toString(), conninfo, "-X", "-A", "-t", "-c", "select current_user"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "psql did not finish");
        return new Psql(p.exitValue(), output);
    }
}
