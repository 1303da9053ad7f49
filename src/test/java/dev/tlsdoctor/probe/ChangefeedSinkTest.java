package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.pki.Pki;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --changefeed-uri}: the sink's certificate parameters decoded as CockroachDB decodes them. */
class ChangefeedSinkTest {
    @TempDir
    static Path dir;
    static Path ca;
    static Path cert;
    static Path key;
    static Path otherKey;

    @BeforeAll
    static void pki() {
        Pki.Issued root = Pki.ca("Kafka CA").build();
        ca = root.writeCert(dir.resolve("ca.crt"));
        root.issue("changefeed").clientAuth().build().writeTo(dir, "client");
        cert = dir.resolve("client.crt");
        key = dir.resolve("client.key");
        root.issue("someone-else").clientAuth().keyPair(Pki.freshKey("RSA:2048")).build().writeTo(dir, "other");
        otherKey = dir.resolve("other.key");
    }

    private static String uri(String query) {
        return "kafka://127.0.0.1:9093?topic_prefix=t_&" + query;
    }

    private static String good() {
        return "tls_enabled=true&ca_cert=" + SinkUris.encoded(ca) + "&client_cert=" + SinkUris.encoded(cert) + "&client_key=" + SinkUris.encoded(key);
    }

    @Test
    void wellFormedUriPasses() {
        ProbeOutput out = ProbeOutput.of("check", "--changefeed-uri", uri(good()));
        out.assertExit(0);
        assertEquals(2, out.json().path("certificates").size());
        assertEquals("changefeed sink kafka://127.0.0.1:9093 ca_cert", out.json().path("certificates").path(0).path("file").asText());
    }

    @Test
    void lineWrappedBase64PastedAsIsBreaksTheWholeUri() {
        String wrapped = SinkUris.base64(ca).replaceAll("(.{76})", "$1\n");
        ProbeOutput out = ProbeOutput.of("check", "--changefeed-uri", uri("tls_enabled=true&ca_cert=" + wrapped));
        out.assertFires("changefeed-uri", "ca_cert contains a raw line break", "invalid control character in URL");
        out.assertExit(2);
    }

    @Test
    void encodedLineBreaksAreAcceptedLikeGoDoesButNoted() {
        String wrapped = URLEncoder.encode(SinkUris.base64(ca).replaceAll("(.{76})", "$1\n"), StandardCharsets.UTF_8);
        ProbeOutput out = ProbeOutput.of("check", "--changefeed-uri", uri("tls_enabled=true&ca_cert=" + wrapped));
        out.assertFires("changefeed-uri", "line-wrapped base64 (%0A)");
        assertEquals("info", out.finding("changefeed-uri").path("severity").asText());
        out.assertExit(0);
    }

    @Test
    void unencodedPlusBecomesASpace() throws Exception {
        // base64 of PEM text never holds '+' (ASCII input); base64 of DER usually does, and then the '+' must be %2B
        byte[] der = dev.tlsdoctor.certs.CertParser.parse(ca, Files.readAllBytes(ca)).certs().get(0).getEncoded();
        String raw = Base64.getEncoder().encodeToString(der);
        assertTrue(raw.contains("+"), "test certificate's base64 has a '+'");
        ProbeOutput out = ProbeOutput.of("check", "--changefeed-uri", uri("tls_enabled=true&ca_cert=" + raw));
        out.assertFires("changefeed-uri", "param ca_cert must be base 64 encoded: illegal base64 data at input byte " + raw.indexOf('+'), "%2B");
    }

    @Test
    void pemTextAndDerAreNotWhatCockroachDbWants() throws Exception {
        String pem = URLEncoder.encode(Files.readString(ca), StandardCharsets.UTF_8);
        ProbeOutput.of("check", "--changefeed-uri", uri("tls_enabled=true&ca_cert=" + pem))
                .assertFires("changefeed-uri", "illegal base64 data at input byte 0", "PEM text itself");
        byte[] der = dev.tlsdoctor.certs.CertParser.parse(ca, Files.readAllBytes(ca)).certs().get(0).getEncoded();
        String derB64 = URLEncoder.encode(Base64.getEncoder().encodeToString(der), StandardCharsets.UTF_8);
        ProbeOutput.of("check", "--changefeed-uri", uri("tls_enabled=true&ca_cert=" + derB64))
                .assertFires("changefeed-uri", "decodes to binary DER data", "failed to parse certificate data");
    }

    @Test
    void parametersThatNeedEachOther() {
        ProbeOutput out = ProbeOutput.of("check", "--changefeed-uri", uri("ca_cert=" + SinkUris.encoded(ca) + "&client_cert=" + SinkUris.encoded(cert)));
        assertTrue(out.findings("changefeed-uri").stream().anyMatch(f -> f.path("message").asText().equals("ca_cert requires tls_enabled=true")));
        assertTrue(out.findings("changefeed-uri").stream().anyMatch(f -> f.path("message").asText().equals("client_cert requires client_key to be set")));
        ProbeOutput skip = ProbeOutput.of("check", "--changefeed-uri", uri(good() + "&insecure_tls_skip_verify=true"));
        skip.assertFires("changefeed-uri", "insecure_tls_skip_verify=true");
        skip.assertExit(1);
    }

    @Test
    void decodedCertificateAndKeyAreJudgedLikeFiles() {
        ProbeOutput out = ProbeOutput.of("check", "--changefeed-uri",
                uri("tls_enabled=true&client_cert=" + SinkUris.encoded(cert) + "&client_key=" + SinkUris.encoded(otherKey)));
        out.assertFires("key-mismatch", "does not belong");
        assertEquals("changefeed sink kafka://127.0.0.1:9093 client_cert", out.finding("key-mismatch").path("subject").asText());
    }

    @Test
    void theClientKeyNeverAppearsInTheOutput() {
        String rawKey = SinkUris.base64(key);
        for (String query : new String[] {good(), "client_key=" + rawKey + "&client_cert=" + SinkUris.base64(cert)}) {
            for (String format : new String[] {"text", "json"}) {
                Cli.Result r = Cli.run("check", "--changefeed-uri", uri(query), "--format", format);
                assertFalse(r.out().contains(rawKey.substring(0, 40)) || r.out().contains(SinkUris.encoded(key).substring(0, 40)), r.out());
            }
        }
    }

    @Test
    void badInvocationsAreOneLine() {
        Cli.Result probeAlone = Cli.run("check", "--probe");
        assertEquals(3, probeAlone.exitCode());
        assertTrue(probeAlone.err().contains("--probe goes with --changefeed-uri"), probeAlone.err());
        Cli.Result notUri = Cli.run("check", "--changefeed-uri", "broker:9093");
        assertEquals(3, notUri.exitCode());
        assertEquals(1, notUri.err().lines().count(), notUri.err());
    }

    @Test
    void base64ErrorsAsGoReportsThem() {
        assertNull(ChangefeedSink.base64Error("Zm9v"));
        assertNull(ChangefeedSink.base64Error("Zm9v\nYmFy\r\n"), "Go skips CR and LF");
        assertEquals("illegal base64 data at input byte 4", ChangefeedSink.base64Error("Zm9v Ym Fy"));
        assertTrue(ChangefeedSink.base64Error("Zm9").startsWith("illegal base64 data at input byte 3"));
        assertEquals("illegal base64 data at input byte 0", ChangefeedSink.base64Error("-----BEGIN"));
    }
}
