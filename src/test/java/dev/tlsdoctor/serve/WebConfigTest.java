package dev.tlsdoctor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.serve.ExporterConfig.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --web.config.file} in exporter-toolkit format: bcrypt basic auth and TLS for the exporter itself. */
class WebConfigTest {
    /** Made by libxcrypt (Python's crypt), not by the library under test: password {@code s3cret}. */
    private static final String ALICE_2Y = "$2y$10$abcdefghijklmnopqrstuu3KWNuWLhBnmgYfnzONPueahDuedC/lu";
    private static final String BOB_2B = "$2b$04$abcdefghijklmnopqrstuuLZYjhNQAOdpbzt4WxWlUHjv1wsyH5DG";
    /** OpenBSD's bcrypt test vector: password {@code U*U}. */
    private static final String CAROL_2A = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    @TempDir
    static Path dir;
    static Pki.Issued ca;

    @BeforeAll
    static void certificates() {
        ca = Pki.ca("Exporter CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        ca.issue("exporter").sans("127.0.0.1", "localhost").serverAuth().build().writeTo(dir, "exporter");
        ca.issue("prometheus").clientAuth().build().writeTo(dir, "prometheus");
    }

    private static WebConfig web(String yaml) throws IOException, ConfigException {
        return WebConfig.load(Files.writeString(dir.resolve("web-" + System.nanoTime() + ".yml"), yaml));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAuthAcceptsBcryptHashesOfEveryVersionAndNothingElse() throws Exception {
        WebConfig web = web("basic_auth_users:\n  alice: " + ALICE_2Y + "\n  bob: " + BOB_2B + "\n  carol: " + CAROL_2A + "\n");
        assertTrue(web.authorizes(basic("alice", "s3cret")));
        assertTrue(web.authorizes(basic("alice", "s3cret")), "a cached acceptance is still an acceptance");
        assertTrue(web.authorizes(basic("bob", "s3cret")));
        assertTrue(web.authorizes(basic("carol", "U*U")));
        assertFalse(web.authorizes(basic("alice", "s3cret ")));
        assertFalse(web.authorizes(basic("alice", "U*U")));
        assertFalse(web.authorizes(basic("mallory", "s3cret")));
        assertFalse(web.authorizes(null));
        assertFalse(web.authorizes("Bearer x"));
        assertFalse(web.authorizes("Basic !!!"));
    }

    @Test
    void exporterAsksForCredentialsOnEveryPath() throws Exception {
        WebConfig web = web("basic_auth_users:\n  alice: " + ALICE_2Y + "\n");
        try (RunningExporter e = new RunningExporter(dir, "targets: {allow: ['127.0.0.1:*']}\n", web)) {
            for (String path : new String[] {"/metrics", "/probe?target=127.0.0.1:1", "/-/healthy"}) {
                HttpResponse<String> denied = e.get(path);
                assertEquals(401, denied.statusCode(), path);
                assertEquals("Basic realm=\"tls-doctor\"", denied.headers().firstValue("WWW-Authenticate").orElse(""));
            }
            HttpResponse<String> ok = RunningExporter.send(HttpRequest.newBuilder(URI.create(e.base() + "/-/healthy"))
                    .header("Authorization", basic("alice", "s3cret")).build());
            assertEquals(200, ok.statusCode());
        }
    }

    @Test
    void tlsServesTheConfiguredCertificateAndRequiresClientCertificatesWhenAsked() throws Exception {
        WebConfig web = web("""
                tls_server_config:
                  cert_file: exporter.crt
                  key_file: exporter.key
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: ca.crt
                """);
        try (RunningExporter e = new RunningExporter(dir, "targets: {allow: ['127.0.0.1:*']}\n", web)) {
            URI healthy = URI.create("https://127.0.0.1:" + e.exporter.address().getPort() + "/-/healthy");
            HttpClient withClientCert = HttpClient.newBuilder().sslContext(context(true)).connectTimeout(Duration.ofSeconds(5)).build();
            assertEquals(200, withClientCert.send(HttpRequest.newBuilder(healthy).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpClient without = HttpClient.newBuilder().sslContext(context(false)).connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(IOException.class, () -> without.send(HttpRequest.newBuilder(healthy).build(), HttpResponse.BodyHandlers.ofString()));
            HttpClient trustingNobody = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(SSLHandshakeException.class, () -> trustingNobody.send(HttpRequest.newBuilder(healthy).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    /** A client context trusting the test CA, presenting prometheus.crt when {@code present}. */
    private static SSLContext context(boolean present) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (present) {
            Pki.Issued client = ca.issue("prometheus-client").clientAuth().build();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.keyPair().getPrivate(), new char[0], new X509Certificate[] {client.cert(), ca.cert()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void unusableWebConfigurationIsOneLineNamingFileAndKey() throws IOException {
        assertRefused("basic_auth_users:\n  alice: s3cret\n", "basic_auth_users.alice: not a bcrypt hash");
        assertRefused("tls_server_config:\n  cert_file: exporter.crt\n", "tls_server_config needs both cert_file and key_file");
        assertRefused("tls_server_config:\n  cert_file: exporter.crt\n  key_file: prometheus.key\n", "does not belong to the first certificate");
        assertRefused("tls_server_config:\n  cert_file: exporter.crt\n  key_file: exporter.key\n  client_auth_type: RequireAndVerifyClientCert\n",
                "client_auth_type RequireAndVerifyClientCert needs client_ca_file");
        assertRefused("tls_server_config:\n  cert_file: exporter.crt\n  key_file: exporter.key\n  min_version: SSL3\n", "min_version: 'SSL3' is not one of");
        assertRefused("http_server_config:\n  http2: false\n", "Unrecognized field \"http_server_config\"");
        assertRefused("tls_server_config:\n  cert_file: missing.crt\n  key_file: exporter.key\n", "missing.crt");
    }

    private static void assertRefused(String yaml, String expected) throws IOException {
        Path file = Files.writeString(dir.resolve("bad-" + System.nanoTime() + ".yml"), yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> WebConfig.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("PRIVATE KEY"), e.getMessage());
    }
}
