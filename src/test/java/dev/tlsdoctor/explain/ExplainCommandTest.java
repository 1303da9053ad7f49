package dev.tlsdoctor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * explain on messages as each client prints them. Sources of the texts: libpq 15's message catalogue
 * (strings of Debian's libpq.so.5), pgjdbc 42.7.8's (strings of its classes), CockroachDB's source as
 * quoted in cockroach-tls-facts.md §2, §5 and §9, Go's crypto/x509 and crypto/tls error strings,
 * CPython's ssl module and OpenSSL's verify error names, Node.js's tls errors.
 */
class ExplainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> realMessages() {
        return Stream.of(
                // psql / libpq (also psycopg2 and psycopg 3, which print libpq's text)
                Arguments.of("psql: error: connection to server at \"db.example.com\" (10.1.2.3), port 26257 failed: root certificate file \"/home/app/.postgresql/root.crt\" does not exist\n"
                        + "Either provide the file or change sslmode to disable server certificate verification.", "sslmode", "at /home/app/.postgresql/root.crt"),
                Arguments.of("psql: error: connection to server at \"10.0.0.5\", port 26257 failed: server certificate for \"node1\" (and 2 other names) does not match host name \"10.0.0.5\"",
                        "san-missing-host", "10.0.0.5"),
                Arguments.of("psql: error: connection to server at \"localhost\" (::1), port 26257 failed: private key file \"/home/u/.postgresql/postgresql.key\" has group or world access; "
                        + "file must have permissions u=rw (0600) or less if owned by the current user, or permissions u=rw,g=r (0640) or less if owned by root",
                        "key-permissions", "chmod 600 /home/u/.postgresql/postgresql.key"),
                Arguments.of("psql: error: connection to server at \"db\" (10.0.0.1), port 26257 failed: could not load private key file \"/certs/client.root.key.pk8\": unsupported",
                        "key-format", "client"),
                Arguments.of("psql: error: connection to server at \"db\" (10.0.0.1), port 26257 failed: FATAL:  password authentication failed for user \"maxroach\"",
                        "password-auth", "client.maxroach.crt"),
                Arguments.of("psql: error: connection to server at \"localhost\" (127.0.0.1), port 26257 failed: certificate present, but not private key file \"/root/.postgresql/postgresql.key\"",
                        "missing-file", "cockroach cert"),
                Arguments.of("psql: error: connection to server at \"db\" (10.0.0.1), port 26257 failed: SSL SYSCALL error: EOF detected", "connection-eof", "26257"),
                Arguments.of("psycopg2.OperationalError: connection to server at \"db\" (10.0.0.1), port 26257 failed: server closed the connection unexpectedly\n"
                        + "\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.", "connection-eof", "openssl s_client"),
                // cockroach sql and node logs
                Arguments.of("ERROR: cannot load certificates.\nCheck your certificate settings, set --certs-dir, or use --insecure for insecure clusters.\n\n"
                        + "problem using security settings: validating node cert: key file certs/node.key has permissions -rw-r--r--, exceeds -rwx------",
                        "key-permissions", "chmod 600 certs/node.key"),
                Arguments.of("ERROR: certificate authentication failed for user \"maxroach\" (DN: CN=max)\nSQLSTATE: 28000", "client-cn", "CN=maxroach"),
                Arguments.of("ERROR: password authentication failed for user root\nSQLSTATE: 28P01\nFailed running \"sql\"", "password-auth", "client.root.crt"),
                Arguments.of("ERROR: node is running secure mode, SSL connection required\nSQLSTATE: 08P01", "sslmode", "sslmode=verify-full"),
                Arguments.of("ERROR: cannot load certificates.\nproblem using security settings: problem with CA certificate: not found", "missing-file", "cockroach cert"),
                Arguments.of("W250301 10:00:00.123456 1234 server/server.go:123 [n1] 45  http: TLS handshake error from 10.0.0.7:51234: "
                        + "tls: failed to verify certificate: x509: certificate signed by unknown authority", "unknown-authority", "ca.crt"),
                Arguments.of("E250301 10:00:01.000000 99 rpc/context.go:88 [n2] 7 need root or node client cert to perform RPCs on this server "
                        + "(this is tenant system; cert is valid for \"maxroach\" on all tenants)", "node-cn", "CN=node"),
                // Go (pgx, lib/pq, cockroach's own client code)
                Arguments.of("failed to connect to `host=db.example.com user=app database=defaultdb`: tls error (tls: failed to verify certificate: "
                        + "x509: certificate is valid for localhost, node1.internal, not db.example.com)", "san-missing-host", "db.example.com"),
                Arguments.of("x509: certificate has expired or is not yet valid: current time 2025-03-01T10:00:00Z is after 2025-01-01T00:00:00Z", "expired", "pkill -HUP"),
                Arguments.of("x509: certificate has expired or is not yet valid: current time 2025-03-01T10:00:00Z is before 2025-04-01T00:00:00Z", "not-yet-valid", "clocks"),
                Arguments.of("open certs: tls: private key does not match public key", "key-mismatch", "matching key"),
                Arguments.of("remote error: tls: failed to verify certificate: x509: certificate specifies an incompatible key usage", "key-usage", "usages"),
                Arguments.of("pq: x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs", "san-missing-host", "10.0.0.5"),
                Arguments.of("x509: certificate relies on legacy Common Name field, use SANs instead", "san-missing", "host name"),
                Arguments.of("tls: failed to find any PEM data in key input", "key-format", "openssl pkey -inform DER"),
                Arguments.of("x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)", "weak-signature", "SHA-256"),
                // the PostgreSQL JDBC driver, DBeaver
                Arguments.of("org.postgresql.util.PSQLException: SSL error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: "
                        + "unable to find valid certification path to requested target\n\tat org.postgresql.ssl.MakeSSL.convert(MakeSSL.java:43)\n"
                        + "\tat org.postgresql.core.v3.ConnectionFactoryImpl.enableSSL(ConnectionFactoryImpl.java:584)", "unknown-authority", "ca.crt"),
                Arguments.of("org.postgresql.util.PSQLException: Could not read SSL key file /home/app/.postgresql/postgresql.pk8.\n"
                        + "\tat org.postgresql.ssl.LazyKeyManager.getPrivateKey(LazyKeyManager.java:250)\n"
                        + "Caused by: java.security.spec.InvalidKeySpecException: java.security.InvalidKeyException: IOException : algid parse error, not a sequence",
                        "key-format", "openssl pkcs8 -topk8"),
                Arguments.of("org.postgresql.util.PSQLException: The hostname db.example.com could not be verified by hostnameverifier PgjdbcHostnameVerifier.",
                        "san-missing-host", "db.example.com"),
                Arguments.of("org.postgresql.util.PSQLException: Could not open SSL root certificate file /home/app/.postgresql/root.crt.", "sslmode", "at /home/app/.postgresql/root.crt"),
                Arguments.of("org.postgresql.util.PSQLException: SSL error: Remote host terminated the handshake", "connection-eof", "load balancers"),
                // Python's ssl module
                Arguments.of("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'db.example.com'. (_ssl.c:1006)",
                        "san-missing-host", "db.example.com"),
                Arguments.of("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)", "expired", "pkill -HUP"),
                Arguments.of("ssl.SSLError: [SSL: KEY_VALUES_MISMATCH] key values mismatch (_ssl.c:3900)", "key-mismatch", "matching key"),
                Arguments.of("urllib3.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)",
                        "unknown-authority", "ca.crt"),
                // Node.js (pg, TypeORM)
                Arguments.of("Error: self-signed certificate in certificate chain\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1659:34)\n    at TLSSocket.emit (node:events:519:28) {\n"
                        + "  code: 'SELF_SIGNED_CERT_IN_CHAIN'\n}", "unknown-authority", "ca.crt"),
                Arguments.of("Error: unable to verify the first certificate\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1659:34) {\n  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'\n}",
                        "unknown-authority", "ca.crt"),
                Arguments.of("Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: db.example.com. is not in the cert's altnames: DNS:localhost, DNS:node1",
                        "san-missing-host", "db.example.com"),
                Arguments.of("query failed: error: password authentication failed for user \"app\"\n    at Parser.parseErrorMessage (node_modules/pg-protocol/dist/parser.js:283:98)",
                        "password-auth", "client.app.crt"),
                Arguments.of("Error: Connection terminated unexpectedly\n    at Connection.<anonymous> (node_modules/pg/lib/client.js:132:73)", "connection-eof", "26257"),
                Arguments.of("Error: certificate has expired\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1659:34) {\n  code: 'CERT_HAS_EXPIRED'\n}", "expired", "pkill -HUP"),
                // OpenSSL
                Arguments.of("depth=0 O = Cockroach, CN = node\nverify error:num=20:unable to get local issuer certificate\nverify return:1", "unknown-authority", "ca.crt"),
                Arguments.of("depth=0 O = Cockroach, CN = node\nverify error:num=10:certificate has expired\nnotAfter=Jan  1 00:00:00 2025 GMT", "expired", "pkill -HUP"));
    }

    @ParameterizedTest
    @MethodSource("realMessages")
    void namesTheRuleBehindEachClientsMessage(String message, String rule, String inFix) throws Exception {
        Cli.Result r = Cli.run("explain", "--format", "json", message);
        assertEquals(0, r.exitCode(), r.err());
        JsonNode top = JSON.readTree(r.out()).get("matches").get(0);
        assertEquals(rule, top.get("rule").asText(), r.out());
        assertTrue(top.get("fix").asText().contains(inFix), top.get("fix").asText());
        // the top cause carries a real share; "unable to get local issuer" is shared with chain-incomplete
        assertTrue(top.get("confidence").asDouble() >= 0.3, r.out());
        assertTrue(!top.get("explanation").asText().isBlank());
    }

    @Test
    void ambiguousMessageListsEveryCauseAndHowToTellThemApart() {
        Cli.Result r = Cli.run("explain", "psql: error: connection to server at \"localhost\" (127.0.0.1), port 26257 failed: SSL error: certificate verify failed");
        assertEquals(0, r.exitCode());
        for (String rule : List.of("unknown-authority", "expired", "not-yet-valid", "key-usage")) {
            assertTrue(r.out().contains(rule), r.out());
        }
        assertTrue(r.out().contains("To tell them apart"), r.out());
        assertTrue(r.out().contains("tls-doctor explain --certs-dir"), r.out());
    }

    @Test
    void certsDirConfirmsOneCauseOfAnAmbiguousAlert(@TempDir Path dir) throws Exception {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().validity(Duration.ofDays(-400), Duration.ofDays(365)).build().writeTo(dir, "node");
        Cli.Result r = Cli.run("explain", "--format", "json", "--certs-dir", dir.toString(),
                "ERROR: SSL authentication error while connecting.\nremote error: tls: bad certificate");
        JsonNode matches = JSON.readTree(r.out()).get("matches");
        assertEquals("expired", matches.get(0).get("rule").asText(), r.out());
        assertEquals("confirmed", matches.get(0).get("verdict").asText());
        assertTrue(matches.get(0).get("confidence").asDouble() > 0.8, r.out());
        assertTrue(matches.get(0).get("fix").asText().contains("cockroach cert create-node localhost 127.0.0.1 --certs-dir=" + dir), r.out());
        // the other causes the directory could show (key-usage…) were looked for and not found
        boolean notFoundListed = false;
        for (int i = 1; i < matches.size(); i++) {
            assertTrue(!matches.get(i).get("verdict").asText().equals("confirmed"), r.out());
            notFoundListed |= matches.get(i).get("verdict").asText().equals("not-found");
        }
        assertTrue(notFoundListed, r.out());
    }

    @Test
    void hostFromTheMessageIsCheckedAgainstTheNodeCertificate(@TempDir Path dir) throws Exception {
        CertsDirs.healthyNode(dir);
        String go = "tls: failed to verify certificate: x509: certificate is valid for localhost, node1.example.com, not db.example.com";
        JsonNode top = JSON.readTree(Cli.run("explain", "--format", "json", "--certs-dir", dir.toString(), go).out()).get("matches").get(0);
        assertEquals("san-missing-host", top.get("rule").asText());
        assertEquals("confirmed", top.get("verdict").asText());
        assertTrue(top.get("fix").asText().contains("db.example.com"), top.toString());
    }

    @Test
    void wrappedLinesAndLogNoiseStillMatch() throws Exception {
        // an 80-column terminal hard-wrapped the long line in the middle of the host name; the log adds lines around it
        String message = "ERROR failed to connect to `host=db.example.com user=app database=defaultdb`: "
                + "tls error (tls: failed to verify certificate: x509: certificate is valid for localhost, not db.example.com)";
        String stamp = "2025-03-01 10:00:01 app[1234] req=";
        int cut = message.lastIndexOf("db.example.com") + "db.exa".length();
        String line = stamp + "7".repeat((80 - (stamp.length() + 2 + cut) % 80) % 80) + ": " + message;
        StringBuilder wrapped = new StringBuilder("2025-03-01 10:00:00 app[1234]: INFO starting pool\n");
        for (int i = 0; i < line.length(); i += 80) {
            wrapped.append(line, i, Math.min(line.length(), i + 80)).append('\n');
        }
        wrapped.append("2025-03-01 10:00:01 app[1234]: INFO retrying in 5s\n");
        assertTrue(wrapped.toString().contains("db.exa\nmple.com"), wrapped.toString());
        JsonNode top = JSON.readTree(Cli.run("explain", "--format", "json", wrapped.toString()).out()).get("matches").get(0);
        assertEquals("san-missing-host", top.get("rule").asText());
        assertTrue(top.get("fix").asText().contains("db.example.com added"), top.toString());
        // a mail client re-flowed it at spaces instead
        String reflowed = "psql: error: connection to server at \"db\" (10.0.0.1), port 26257 failed: root certificate\nfile \"/etc/app/ca.crt\" does not\nexist";
        JsonNode sslmode = JSON.readTree(Cli.run("explain", "--format", "json", reflowed).out()).get("matches").get(0);
        assertEquals("sslmode", sslmode.get("rule").asText());
    }

    @Test
    void readsTheErrorFromStandardInput() {
        java.io.InputStream saved = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("x509: certificate signed by unknown authority\n".getBytes()));
            Cli.Result r = Cli.run("explain");
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.out().contains("1. unknown-authority (confidence 0.9"), r.out());
            assertTrue(r.out().contains("chain-incomplete"), "a missing intermediate is the other cause of this message: " + r.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void unrecognisedTextIsExitThree() {
        Cli.Result r = Cli.run("explain", "the coffee machine is out of beans");
        assertEquals(3, r.exitCode());
        assertTrue(r.out().contains("No rule recognises this error text"), r.out());
    }

    @Test
    void connectionUrlInThePasteIsChecked(@TempDir Path dir) throws Exception {
        String pasted = "$ cockroach sql --url 'postgresql://root:s3cret@db.example.com:26257/defaultdb?sslmode=disable'\n"
                + "ERROR: node is running secure mode, SSL connection required";
        Cli.Result r = Cli.run("explain", "--format", "json", pasted);
        JsonNode top = JSON.readTree(r.out()).get("matches").get(0);
        assertEquals("sslmode", top.get("rule").asText());
        assertEquals("confirmed", top.get("verdict").asText());
        assertTrue(top.get("fix").asText().contains("change sslmode=disable to sslmode=verify-full"), top.toString());
        assertTrue(!r.out().contains("s3cret"), "the password must never be printed: " + r.out());
    }

    @Test
    void jdbcUrlWithAPkcs1KeyIsConfirmedAsKeyFormat(@TempDir Path dir) throws Exception {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        ca.issue("app").clientAuth().build().writeTo(dir, "client.app"); // PKCS#1 PEM key, as cockroach cert writes it
        String url = "jdbc:postgresql://db.example.com:26257/defaultdb?user=app&sslmode=verify-full&sslrootcert=" + dir.resolve("ca.crt")
                + "&sslcert=" + dir.resolve("client.app.crt") + "&sslkey=" + dir.resolve("client.app.key");
        Cli.Result r = Cli.run("explain", "--format", "json", "--url", url,
                "org.postgresql.util.PSQLException: Could not read SSL key file " + dir.resolve("client.app.key") + ".");
        JsonNode top = JSON.readTree(r.out()).get("matches").get(0);
        assertEquals("key-format", top.get("rule").asText(), r.out());
        assertEquals("confirmed", top.get("verdict").asText(), r.out());
        assertTrue(top.get("fix").asText().contains("openssl pkcs8 -topk8 -inform PEM -outform DER -nocrypt -in " + dir.resolve("client.app.key")), top.toString());
    }

    @Test
    void badPk8InCertsDirIsAKeyFormatFinding(@TempDir Path dir) throws Exception {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        Pki.Issued root = ca.issue("root").clientAuth().build();
        root.writeTo(dir, "client.root");
        Path pk8 = dir.resolve("client.root.key.pk8");
        Pki.writeKey(pk8, Files.readString(dir.resolve("client.root.key"))); // PEM text, not the DER JDBC needs
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--format", "json");
        JsonNode findings = JSON.readTree(r.out()).get("findings");
        assertEquals(1, findings.size(), r.out());
        assertEquals("key-format", findings.get(0).get("rule").asText());
        assertTrue(findings.get(0).get("message").asText().contains("PEM"), r.out());
        assertTrue(findings.get(0).get("fix").asText().contains("-outform DER"), r.out());
        // the PKCS#8 DER copy cockroach cert --also-generate-pkcs8-key writes is what JDBC reads: no finding
        Files.write(pk8, root.keyPkcs8Der());
        Cli.Result ok = Cli.run("check", "--certs-dir", dir.toString());
        assertEquals(0, ok.exitCode(), ok.out());
    }
}
