package dev.tlsdoctor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Cli;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * explain decides whose certificate a message is about before a check may confirm a cause: a client
 * that verified the server's certificate and failed says nothing about its own certificate, and a
 * client that got an alert says nothing about the server's.
 */
class ExplainSideTest {
    /** A healthy node directory whose client.root.crt has expired. */
    private static void expiredClientCert(Path dir) {
        Pki.Issued ca = CertsDirs.healthyNode(dir);
        ca.issue("root").clientAuth().validity(Duration.ofDays(-400), Duration.ofDays(365)).build().writeTo(dir, "client.root");
    }

    private static JsonNode match(JsonNode explanation, String rule) {
        for (JsonNode m : explanation.get("matches")) {
            if (m.get("rule").asText().equals(rule)) {
                return m;
            }
        }
        throw new AssertionError(rule + " not among " + explanation);
    }

    @Test
    void clientVerifyingTheServerIsNotExplainedByTheClientCertificate(@TempDir Path dir) {
        expiredClientCert(dir);
        // observed: psql 15 against PostgreSQL 15 whose server certificate comes from a CA psql's root.crt does not hold
        Cli.Result r = Cli.run("explain", "--format", "json", "--certs-dir", dir.toString(),
                "psql: error: connection to server at \"localhost\" (127.0.0.1), port 26257 failed: SSL error: certificate verify failed");
        JsonNode json = r.json();
        assertNotEquals("confirmed", match(json, "expired").get("verdict").asText(), r.out());
        assertEquals("unknown-authority", json.get("matches").get(0).get("rule").asText(), r.out());
        // the expired client certificate is still a problem, shown apart
        assertTrue(json.get("other_findings").toString().contains("client.root.crt"), r.out());
    }

    @Test
    void alertToTheClientIsExplainedByTheClientCertificate(@TempDir Path dir) {
        expiredClientCert(dir);
        Cli.Result r = Cli.run("explain", "--format", "json", "--certs-dir", dir.toString(),
                "ERROR: SSL authentication error while connecting.\nremote error: tls: bad certificate");
        JsonNode top = r.json().get("matches").get(0);
        assertEquals("expired", top.get("rule").asText(), r.out());
        assertEquals("confirmed", top.get("verdict").asText(), r.out());
        assertTrue(top.get("findings").toString().contains("client.root.crt"), r.out());
    }

    @Test
    void nodeLogOfAClientsCertificateIsExplainedByTheClientCertificate(@TempDir Path dir) {
        expiredClientCert(dir);
        Cli.Result r = Cli.run("explain", "--format", "json", "--certs-dir", dir.toString(),
                "W250301 10:00:00.123456 1234 server/server.go:123 [n1] 45  http: TLS handshake error from 10.0.0.7:51234: "
                        + "tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-03-01T10:00:00Z is after 2025-01-01T00:00:00Z");
        JsonNode top = r.json().get("matches").get(0);
        assertEquals("expired", top.get("rule").asText(), r.out());
        assertEquals("confirmed", top.get("verdict").asText(), r.out());
    }

    @Test
    void serverCertificateNotInTheDirectoryLeavesTheCauseUnchecked(@TempDir Path dir) {
        // a client's directory: its CA and its own certificate, not the server's
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        ca.issue("app").clientAuth().build().writeTo(dir, "client.app");
        Cli.Result r = Cli.run("explain", "--format", "json", "--certs-dir", dir.toString(),
                "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)");
        JsonNode expired = match(r.json(), "expired");
        assertEquals("unchecked", expired.get("verdict").asText(), r.out());
        assertEquals("expired", r.json().get("matches").get(0).get("rule").asText(), r.out());
    }

    @Test
    void sideOfEachKindOfMessage() {
        assertEquals(Side.SERVER_CERTIFICATE, side("SSL error: certificate verify failed"));
        assertEquals(Side.SERVER_CERTIFICATE, side("x509: certificate signed by unknown authority"));
        assertEquals(Side.CLIENT_CERTIFICATE, side("SSL error: sslv3 alert bad certificate"));
        assertEquals(Side.CLIENT_CERTIFICATE, side("javax.net.ssl.SSLHandshakeException: Received fatal alert: unknown_ca"));
        assertEquals(Side.CLIENT_CERTIFICATE, side("I250301 10:00:00.123456 99 server/server.go:1 [n1] 7 http: TLS handshake error from 10.0.0.7:5: "
                + "tls: failed to verify certificate: x509: certificate signed by unknown authority"));
        assertEquals(Side.SERVER_CERTIFICATE, side("http: TLS handshake error from 10.0.0.7:5: remote error: tls: bad certificate"));
        assertEquals(Side.EITHER, side("tls: private key does not match public key"));
        assertEquals(Side.CLIENT_CERTIFICATE, Side.ofSubject("/certs/client.root.key.pk8"));
        assertEquals(Side.SERVER_CERTIFICATE, Side.ofSubject("/certs/ui.crt"));
        assertEquals(Side.EITHER, Side.ofSubject("/certs/node.crt"));
    }

    private static Side side(String paste) {
        return new ExplainMatcher(dev.tlsdoctor.rules.RuleCatalog.load(java.util.List.of())).match(new PastedError(paste)).get(0).side();
    }
}
