package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.OpensslServer;
import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Direct-TLS probes against real {@code openssl s_server} processes on 127.0.0.1. */
class ProbeOpensslTest {
    @TempDir
    static Path dir;
    static Pki.Issued ca;
    static Path caFile;
    static Path nodeCrt;
    static Path nodeKey;

    @BeforeAll
    static void pki() {
        OpensslServer.assumeInstalled();
        ca = Pki.ca("Cockroach CA").build();
        caFile = ca.writeCert(dir.resolve("ca.crt"));
        nodeCrt = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build().writeTo(dir, "node");
        nodeKey = dir.resolve("node.key");
        ca.issue("root").clientAuth().build().writeTo(dir, "client.root");
        Pki.Issued other = Pki.ca("Other CA").build();
        other.issue("root").clientAuth().build().writeTo(dir, "stranger");
    }

    private static OpensslServer serve(String... args) {
        return OpensslServer.start(dir, args);
    }

    private static OpensslServer serveNode(String... extra) {
        List<String> args = new ArrayList<>(List.of("-cert", nodeCrt.toString(), "-key", nodeKey.toString()));
        args.addAll(List.of(extra));
        return serve(args.toArray(String[]::new));
    }

    @Test
    void healthyEndpointIsOkAndEveryRuleStaysSilent() {
        try (OpensslServer s = serveNode()) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            out.assertExit(0);
            assertEquals(List.of(), out.rules());
            JsonNode t = out.target("tls");
            assertEquals("ok", t.path("outcome").asText());
            assertEquals("TLSv1.3", t.path("protocol").asText());
            assertEquals("CN=node,O=Cockroach", t.path("certificate").path("subject").asText());
            assertFalse(t.has("legacy_tls"));
            assertEquals(1, out.json().path("certificates").size());
        }
    }

    @Test
    void autoModeOnADirectTlsPortReportsPgwireAsInfoOnly() {
        try (OpensslServer s = serveNode()) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--ca", caFile.toString(), "--timeout", "3s");
            out.assertExit(0);
            assertEquals("ok", out.target("tls").path("outcome").asText());
            assertEquals("not-tls", out.target("pgwire").path("outcome").asText());
            assertEquals("info", out.finding("not-tls").path("severity").asText());
        }
    }

    @Test
    void servedChainIsJudgedByTheCertificateRules() {
        Pki.Issued expired = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient()
                .validity(Duration.ofDays(-40), Duration.ofDays(10)).build();
        expired.writeTo(dir, "expired");
        try (OpensslServer s = serve("-cert", dir.resolve("expired.crt").toString(), "-key", dir.resolve("expired.key").toString())) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            out.assertFires("expired", "expired on");
            assertEquals(s.target() + " (tls)", out.finding("expired").path("subject").asText());
            out.assertExit(2);
        }
        ca.issue("node").sans("elsewhere.example.com").serverAndClient().build().writeTo(dir, "wrongsan");
        try (OpensslServer s = serve("-cert", dir.resolve("wrongsan.crt").toString(), "-key", dir.resolve("wrongsan.key").toString())) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            out.assertFires("san-missing-host", "IP address 127.0.0.1", "DNS:elsewhere.example.com");
            out.assertSilent("expired", "unknown-authority");
            ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString(), "--sni", "elsewhere.example.com")
                    .assertSilent("san-missing-host");
        }
        try (OpensslServer s = serveNode()) {
            Path strangerCa = Pki.ca("Cockroach CA").build().writeCert(dir.resolve("recreated-ca.crt"));
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", strangerCa.toString());
            out.assertFires("unknown-authority", "recreated-ca.crt");
            out.assertSilent("chain-incomplete");
        }
    }

    @Test
    void missingIntermediateIsChainIncomplete(@TempDir Path local) throws IOException {
        Pki.Issued inter = ca.issue("Cockroach Intermediate CA").ca().build();
        Path interFile = inter.writeCert(local.resolve("intermediate.crt"));
        inter.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build().writeTo(local, "leaf");
        String leaf = local.resolve("leaf.crt").toString();
        String key = local.resolve("leaf.key").toString();
        try (OpensslServer s = serve("-cert", leaf, "-key", key)) {
            ProbeOutput found = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString(), "--untrusted", interFile.toString());
            found.assertFires("chain-incomplete", "does not send the intermediate", "'CN=Cockroach Intermediate CA,O=Cockroach' (found in " + interFile);
            assertEquals("error", found.finding("chain-incomplete").path("severity").asText());
            found.assertSilent("unknown-authority");
            found.assertExit(2);

            // an --untrusted file that does not parse is a finding; the others still complete the chain
            Path broken = Files.writeString(local.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
            ProbeOutput withBroken = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString(),
                    "--untrusted", broken.toString(), "--untrusted", interFile.toString());
            withBroken.assertFires("unreadable-file");
            withBroken.assertFires("chain-incomplete", "(found in " + interFile);
            withBroken.assertSilent("unknown-authority");

            Path bundle = local.resolve("bundle.crt");
            Files.writeString(bundle, Files.readString(caFile) + Files.readString(interFile));
            ProbeOutput inBundle = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", bundle.toString());
            inBundle.assertFires("chain-incomplete", "holds that intermediate itself");
            assertEquals("warning", inBundle.finding("chain-incomplete").path("severity").asText());

            ProbeOutput nowhere = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            nowhere.assertFires("unknown-authority");
        }
        try (OpensslServer s = serve("-cert", leaf, "-key", key, "-cert_chain", interFile.toString())) {
            ProbeOutput complete = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            complete.assertSilent("chain-incomplete", "unknown-authority");
            complete.assertExit(0);
        }
        Pki.Issued lower = inter.issue("Cockroach Issuing CA").ca().pathLen(0).build();
        lower.issue("node").sans("127.0.0.1").serverAndClient().build().writeTo(local, "deep");
        Path lowerFile = lower.writeCert(local.resolve("issuing.crt"));
        try (OpensslServer s = serve("-cert", local.resolve("deep.crt").toString(), "-key", local.resolve("deep.key").toString(), "-cert_chain", lowerFile.toString())) {
            ProbeOutput stops = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            stops.assertFires("chain-incomplete", "ends at 'CN=Cockroach Issuing CA,O=Cockroach'", "'CN=Cockroach Intermediate CA,O=Cockroach' it does not send");
        }
    }

    @Test
    void nodeServingAnOldCertificateDiffersFromDisk(@TempDir Path certsDir) {
        ca.writeCert(certsDir.resolve("ca.crt"));
        ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().validFrom(java.time.Instant.now().minusSeconds(600)).build().writeTo(certsDir, "node");
        try (OpensslServer s = serveNode()) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--certs-dir", certsDir.toString());
            out.assertFires("served-cert-differs", certsDir.resolve("node.crt").toString(), "has not reloaded it");
            assertTrue(out.finding("served-cert-differs").path("fix").asText().contains("kill -HUP"));
            out.assertExit(2);
        }
        try (OpensslServer s = serve("-cert", certsDir.resolve("node.crt").toString(), "-key", certsDir.resolve("node.key").toString())) {
            ProbeOutput same = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--certs-dir", certsDir.toString());
            same.assertSilent("served-cert-differs");
            same.assertExit(0);
        }
    }

    @Test
    void clientCertificatesAcceptedAndRejected() {
        String root = dir.resolve("client.root.crt").toString();
        String rootKey = dir.resolve("client.root.key").toString();
        String stranger = dir.resolve("stranger.crt").toString();
        String strangerKey = dir.resolve("stranger.key").toString();
        for (String version : List.of("-tls1_3", "-tls1_2")) {
            try (OpensslServer s = serveNode("-CAfile", caFile.toString(), "-Verify", "1", "-verify_return_error", version)) {
                ProbeOutput good = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString(), "--cert", root, "--key", rootKey);
                good.assertSilent("client-cert-rejected", "handshake-failed");
                good.assertExit(0);
                JsonNode auth = good.target("tls").path("client_auth");
                assertTrue(auth.path("requested").asBoolean());
                assertEquals("CN=root,O=Cockroach", auth.path("presented").asText());
                assertEquals("CN=Cockroach CA,O=Cockroach", auth.path("accepted_issuers").path(0).asText());

                ProbeOutput bad = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString(), "--cert", stranger, "--key", strangerKey);
                bad.assertFires("client-cert-rejected", "issued by 'CN=Other CA,O=Cockroach'", "accepts client certificates issued by 'CN=Cockroach CA,O=Cockroach'");
                bad.assertSilent("handshake-failed");
                bad.assertExit(2);

                ProbeOutput none = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
                none.assertFires("client-cert-rejected", "without a client certificate");
            }
        }
        try (OpensslServer s = serveNode("-CAfile", caFile.toString(), "-Verify", "1", "-verify_return_error")) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString(), "--cert", stranger, "--key", strangerKey);
            assertTrue(out.target("tls").path("client_auth").path("alert").asText().matches("unknown_ca|bad_certificate|certificate_unknown"),
                    out.target("tls").toString());
            out.assertFires("client-cert-rejected", "with the TLS alert");
        }
    }

    @Test
    void noCommonVersionOrCipherIsAHandshakeFailureThatNamesIt() {
        try (OpensslServer s = serveNode("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            out.assertFires("handshake-failed", "protocol_version", "TLSv1.3, TLSv1.2", "answers with TLSv1.1");
            out.assertFires("tls-version", "accepts TLSv1.1");
            out.assertExit(2);
        }
        try (OpensslServer s = serveNode("-tls1_2", "-cipher", "CAMELLIA256-SHA:@SECLEVEL=0")) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            out.assertFires("handshake-failed", "handshake_failure", "no cipher suite");
            out.assertSilent("tls-version", "client-cert-rejected");
        }
    }

    @Test
    void serverThatStillAcceptsOldTlsIsFlagged() {
        try (OpensslServer s = serveNode("-min_protocol", "TLSv1", "-cipher", "DEFAULT:@SECLEVEL=0")) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--mode", "tls", "--ca", caFile.toString());
            assertEquals("ok", out.target("tls").path("outcome").asText());
            out.assertFires("tls-version", "accepts TLSv1.1");
            assertEquals("TLSv1.1", out.target("tls").path("legacy_tls").asText());
            out.assertExit(1);
        }
    }

    @Test
    void clusterSummaryShowsDisagreeingIssuersAndTheFirstExpiry(@TempDir Path other) {
        Pki.Issued secondCa = Pki.ca("Second CA").build();
        secondCa.issue("node").sans("127.0.0.1").serverAndClient().validity(Duration.ofDays(-1), Duration.ofDays(100)).build().writeTo(other, "node");
        try (OpensslServer a = serveNode();
                OpensslServer b = serve("-cert", other.resolve("node.crt").toString(), "-key", other.resolve("node.key").toString())) {
            ProbeOutput out = ProbeOutput.of("probe", a.target(), b.target(), "--mode", "tls", "--ca", caFile.toString());
            JsonNode cluster = out.json().path("cluster");
            assertEquals(2, cluster.path("endpoints").asInt());
            assertEquals(2, cluster.path("reached_tls").asInt());
            assertTrue(cluster.path("issuers_disagree").asBoolean());
            assertEquals(b.target(), cluster.path("first_expiry").path("endpoint").asText());
            String text = dev.tlsdoctor.testing.Cli.run("probe", a.target(), b.target(), "--mode", "tls", "--ca", caFile.toString()).out();
            assertTrue(text.contains("endpoints disagree on the issuing CA"), text);
            assertTrue(text.contains("expires first: " + b.target()), text);
        }
    }

    @Test
    void changefeedSinkCertificatesAreUsedForTheHandshake() {
        try (OpensslServer broker = serveNode("-CAfile", caFile.toString(), "-Verify", "1", "-verify_return_error")) {
            String good = SinkUris.kafka(broker.target(), caFile, dir.resolve("client.root.crt"), dir.resolve("client.root.key"));
            ProbeOutput ok = ProbeOutput.of("check", "--changefeed-uri", good, "--probe");
            ok.assertSilent("client-cert-rejected", "changefeed-uri", "unknown-authority", "handshake-failed");
            ok.assertExit(0);
            String stranger = SinkUris.kafka(broker.target(), caFile, dir.resolve("stranger.crt"), dir.resolve("stranger.key"));
            ProbeOutput.of("check", "--changefeed-uri", stranger, "--probe").assertFires("client-cert-rejected");
        }
    }
}
