package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.Cli;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.PasswordCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ssl.PKCS12KeyManager;
import org.postgresql.util.PSQLException;

/**
 * An sslkey .p12 read as the PostgreSQL JDBC driver reads it, checked against the driver's own
 * PKCS12KeyManager given the same file and password: only the key entry named "user" is used, and a
 * wrong sslpassword ends in "Could not read SSL key file".
 */
class JdbcPkcs12Test {
    private static final String PASSWORD = "jdbc-P12-password";
    private static final Pki.Issued CA = Pki.ca("Jdbc CA").build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user  | jdbc-P12-password | ",
        "other | jdbc-P12-password | it has no key entry named 'user' (it has: other), the only one the driver uses, so the driver sends no client certificate",
        "user  | wrong             | the URL's sslpassword does not open it (the driver fails: Could not read SSL key file)"})
    void readAsTheDriverReadsIt(String alias, String sslpassword, String problem) throws Exception {
        Path p12 = pkcs12(alias);
        ClientKey ours = ClientKey.read(p12, "sslkey", KeyReader.JDBC, null, sslpassword);
        PKCS12KeyManager driver = new PKCS12KeyManager(p12.toString(), callbacks -> {
            for (Callback c : callbacks) {
                ((PasswordCallback) c).setPassword(sslpassword.toCharArray());
            }
        });
        X509Certificate[] chain = driver.getCertificateChain("user");
        PrivateKey driverKey = driver.getPrivateKey("user");
        if (problem == null) {
            assertNotNull(driverKey);
            assertNotNull(ours.key(), ours.problem());
            assertEquals(KeyFormat.PKCS12, ours.key().format());
            assertTrue(ours.key().matches(chain[0].getPublicKey()));
        } else {
            assertNull(driverKey);
            assertNull(ours.key());
            assertEquals(problem, ours.problem());
            if (sslpassword.equals("wrong")) {
                PSQLException e = assertThrows(PSQLException.class, driver::throwKeyManagerException);
                assertEquals("Could not read SSL key file " + p12 + ".", e.getMessage());
            }
        }
    }

    @Test
    void explainReadsTheUrlsPkcs12KeyWithItsSslpassword() throws Exception {
        Path p12 = pkcs12("client");
        String url = "jdbc:postgresql://db.example.com:26257/app?sslmode=verify-full&sslkey=" + p12 + "&sslpassword=" + PASSWORD;
        Cli.Result r = Cli.run("explain", "--format", "json", "FATAL: connection requires a valid client certificate " + url);
        List<JsonNode> findings = new java.util.ArrayList<>();
        r.json().path("other_findings").forEach(f -> {
            if (f.path("rule").asText().equals("key-format") && f.path("subject").asText().equals(p12.toString())) {
                findings.add(f);
            }
        });
        assertEquals(1, findings.size(), r.all());
        // the certificate is in the .p12: the driver reads no sslcert, so its absence is no finding
        r.json().path("other_findings").forEach(f -> assertTrue(!f.path("rule").asText().equals("password-auth"), r.all()));
        assertTrue(findings.get(0).path("message").asText().contains("no key entry named 'user'"), r.all());
        assertTrue(findings.get(0).path("fix").asText().startsWith("openssl pkcs12 -in " + p12 + " -nodes | openssl pkcs12 -export -name user -out "), r.all());
        assertTrue(!r.all().contains(PASSWORD), "the sslpassword is never printed");
    }

    /** The driver's own words (pgjdbc 42.7.8 LibPQFactory, and the JDK's PKCS#12 store under PKCS12KeyManager) for a trust store given as sslrootcert and a wrong sslpassword. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "org.postgresql.util.PSQLException: Loading the SSL root certificate /app/truststore.jks into a TrustManager failed. | unreadable-file",
        "Caused by: java.io.IOException: keystore password was incorrect | key-encrypted"})
    void explainKnowsTheDriversPkcs12AndTrustStoreErrors(String message, String rule) {
        Cli.Result r = Cli.run("explain", "--format", "json", message);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(rule, r.json().path("matches").get(0).path("rule").asText(), r.all());
    }

    private Path pkcs12(String alias) throws Exception {
        CA.issue("app").clientAuth().build().writeTo(dir, "client." + alias);
        Path p12 = dir.resolve("client-" + alias + ".p12");
        ContainersTest.run("openssl", "pkcs12", "-export", "-in", dir.resolve("client." + alias + ".crt").toString(), "-inkey",
                dir.resolve("client." + alias + ".key").toString(), "-name", alias, "-passout", "pass:" + PASSWORD, "-out", p12.toString());
        return p12;
    }
}
