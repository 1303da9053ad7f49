package dev.tlsdoctor.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.client.ClientUrlLoader;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules about a client's connection URL: sslmode, password-auth, connection-eof, key-format. */
class ClientUrlChecksTest {
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.load(List.of()), AllChecks.ALL);

    @TempDir
    Path dir;
    private Pki.Issued app;

    @BeforeEach
    void certs() {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        app = ca.issue("app").clientAuth().build();
        app.writeTo(dir, "client.app");
    }

    private List<Finding> findings(String url) {
        return ENGINE.run(ClientUrlLoader.load(url, dir), RunSettings.defaults());
    }

    private String good(String scheme, String key) {
        return scheme + "://app@db.example.com:26257/defaultdb?sslmode=verify-full&sslrootcert=" + dir.resolve("ca.crt")
                + "&sslcert=" + dir.resolve("client.app.crt") + "&sslkey=" + dir.resolve(key);
    }

    @Test
    void aCompleteVerifyFullUrlIsFine() throws Exception {
        assertEquals(List.of(), findings(good("postgresql", "client.app.key")));
        Files.write(dir.resolve("client.app.key.pk8"), app.keyPkcs8Der());
        assertEquals(List.of(), findings("jdbc:" + good("postgresql", "client.app.key.pk8").replace("//app@", "//") + "&user=app"));
    }

    @Test
    void sslmode() {
        Finding missingCa = only(findings(good("postgresql", "client.app.key").replace("ca.crt", "gone.crt")), "sslmode");
        assertTrue(missingCa.message().contains("root certificate file \"" + dir.resolve("gone.crt") + "\" does not exist"), missingCa.message());
        assertEquals(Severity.ERROR, missingCa.severity());
        Finding typo = only(findings(good("postgresql", "client.app.key").replace("verify-full", "verify_full")), "sslmode");
        assertTrue(typo.fix().startsWith("change sslmode=verify_full to sslmode=verify-full"), typo.fix());
        Finding require = only(findings(good("postgresql", "client.app.key").replace("verify-full", "require")), "sslmode");
        assertEquals(Severity.WARNING, require.severity());
        Finding disable = only(findings(good("postgresql", "client.app.key").replace("verify-full", "disable")), "sslmode");
        assertTrue(disable.message().contains("SSL connection required"), disable.message());
    }

    @Test
    void passwordAuthWhenTheCertificateIsNotSent() {
        String noCert = "postgresql://app@db.example.com:26257/defaultdb?sslmode=verify-full&sslrootcert=" + dir.resolve("ca.crt");
        Finding f = only(findings(noCert), "password-auth");
        assertTrue(f.fix().contains("sslcert=" + dir.resolve("client.app.crt") + "&sslkey=" + dir.resolve("client.app.key")), f.fix());
        Finding missing = only(findings(good("postgresql", "client.app.key").replace("client.app.crt", "client.gone.crt")), "password-auth");
        assertTrue(missing.message().contains("sslcert=" + dir.resolve("client.gone.crt") + " does not exist"), missing.message());
        // a password in the URL: password login is what is meant
        assertEquals(List.of(), findings(noCert.replace("//app@", "//app:secret@")));
    }

    @Test
    void connectionEofOnTheHttpPort() {
        Finding f = only(findings(good("postgresql", "client.app.key").replace(":26257", ":8080")), "connection-eof");
        assertTrue(f.message().contains("port 8080 is the DB Console's HTTP port"), f.message());
    }

    @Test
    void keyFormatPerDriver() throws Exception {
        Files.write(dir.resolve("client.app.key.pk8"), app.keyPkcs8Der());
        Finding der = only(findings(good("postgresql", "client.app.key.pk8")), "key-format");
        assertTrue(der.fix().startsWith("openssl pkey -inform DER -in " + dir.resolve("client.app.key.pk8")), der.fix());
        Finding pem = only(findings("jdbc:" + good("postgresql", "client.app.key")), "key-format");
        assertTrue(pem.message().contains("PKCS#1 PEM"), pem.message());
        assertEquals(Severity.ERROR, pem.severity());
    }

    private static Finding only(List<Finding> findings, String rule) {
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(rule, findings.get(0).rule(), findings.toString());
        return findings.get(0);
    }
}
