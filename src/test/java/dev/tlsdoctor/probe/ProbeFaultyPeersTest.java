package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.FakeServer;
import dev.tlsdoctor.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers a real server will not play, served from the JVM on 127.0.0.1: each ends in a finding within
 * the timeout, never a hang or a stack trace.
 */
class ProbeFaultyPeersTest {
    private static final String FAST = "1500ms";

    @Test
    void closedPortIsUnreachableAndTheRunIsUnknown() {
        int port = Ports.free();
        ProbeOutput out = ProbeOutput.of("probe", "127.0.0.1:" + port, "--timeout", FAST);
        out.assertFires("unreachable", "connection refused");
        assertEquals("warning", out.finding("unreachable").path("severity").asText());
        out.assertSilent("expired", "unknown-authority", "not-tls", "handshake-failed");
        assertEquals("UNKNOWN", out.json().path("status").asText());
        out.assertExit(3);
    }

    @Test
    void silentPeerTimesOutWithinTheTimeout() {
        try (FakeServer silent = FakeServer.silent()) {
            long start = System.nanoTime();
            ProbeOutput out = ProbeOutput.of("probe", silent.target(), "--timeout", FAST, "--mode", "pgwire");
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.assertFires("timeout", "no answer to the SSLRequest within 1.5s");
            assertEquals("ssl-request", out.target("pgwire").path("step").asText());
            out.assertExit(3);
            assertTrue(millis < 4000, "took " + millis + " ms for a 1.5 s timeout");
        }
    }

    @Test
    void tricklingHandshakeIsCutOffAtTheDeadline() {
        try (FakeServer slow = FakeServer.trickling(200)) {
            long start = System.nanoTime();
            ProbeOutput out = ProbeOutput.of("probe", slow.target(), "--timeout", FAST, "--mode", "tls");
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.assertFires("timeout", "the TLS handshake did not finish");
            assertTrue(millis < 4000, "took " + millis + " ms for a 1.5 s timeout");
        }
    }

    @Test
    void serverThatSaysSThenNothingTimesOutInTheHandshake() {
        try (FakeServer s = FakeServer.start((socket, in, o) -> {
            in.readNBytes(8);
            o.write('S');
            o.flush();
            in.transferTo(java.io.OutputStream.nullOutputStream());
        })) {
            ProbeOutput out = ProbeOutput.of("probe", s.target(), "--timeout", FAST, "--mode", "pgwire");
            out.assertFires("timeout", "TLS handshake did not finish");
            assertEquals("handshake", out.target("pgwire").path("step").asText());
        }
    }

    @Test
    void answerNToTheSslRequestIsAnInsecureNode() {
        try (FakeServer insecure = FakeServer.replying("N")) {
            ProbeOutput out = ProbeOutput.of("probe", insecure.target(), "--timeout", FAST, "--mode", "pgwire");
            out.assertFires("insecure-node", "answered 'N'");
            assertEquals("error", out.finding("insecure-node").path("severity").asText());
            out.assertExit(2);
        }
    }

    @Test
    void otherAnswersToTheSslRequestAreNotTls() {
        try (FakeServer odd = FakeServer.replying("X garbage")) {
            ProbeOutput out = ProbeOutput.of("probe", odd.target(), "--timeout", FAST, "--mode", "pgwire");
            out.assertFires("not-tls", "instead of 'S' or 'N'", "X garbage");
            out.assertSilent("insecure-node", "timeout");
        }
        byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46};
        try (FakeServer tlsOnly = FakeServer.replying(alert)) {
            ProbeOutput.of("probe", tlsOnly.target(), "--timeout", FAST, "--mode", "pgwire")
                    .assertFires("not-tls", "a TLS record", "try --mode tls");
        }
    }

    @Test
    void postgresErrorInsteadOfSIsNotTlsWithTheServerText() {
        byte[] body = "SFATAL\0C08P01\0Munsupported frontend protocol\0\0".getBytes(StandardCharsets.US_ASCII);
        byte[] reply = java.nio.ByteBuffer.allocate(5 + body.length).put((byte) 'E').putInt(4 + body.length).put(body).array();
        try (FakeServer old = FakeServer.replying(reply)) {
            ProbeOutput.of("probe", old.target(), "--timeout", FAST, "--mode", "pgwire")
                    .assertFires("not-tls", "unsupported frontend protocol");
        }
    }

    @Test
    void httpOnATlsPortIsNotTlsAndSaysHttp() {
        try (FakeServer http = FakeServer.replying("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
            ProbeOutput out = ProbeOutput.of("probe", http.target(), "--timeout", FAST, "--mode", "tls");
            out.assertFires("not-tls", "an HTTP response", "HTTP/1.1 400 Bad Request");
            out.assertExit(2);
        }
    }

    @Test
    void garbageIsNotTlsWithItsBytes() {
        byte[] garbage = new byte[64];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = 0x01;
        try (FakeServer g = FakeServer.replying(garbage)) {
            ProbeOutput.of("probe", g.target(), "--timeout", FAST, "--mode", "tls").assertFires("not-tls", "binary data (01 ");
        }
    }

    @Test
    void closeMidHandshakeIsAHandshakeFailure() {
        try (FakeServer closer = FakeServer.closingAfterFirstRead()) {
            ProbeOutput out = ProbeOutput.of("probe", closer.target(), "--timeout", FAST, "--mode", "tls");
            out.assertFires("handshake-failed", "closed the connection during the handshake without answering our ClientHello");
            out.assertSilent("timeout");
        }
    }

    @Test
    void autoModeDownHostIsUnknownButAnErrorElsewhereIsCritical() {
        int closed = Ports.free();
        try (FakeServer insecure = FakeServer.replying("N")) {
            ProbeOutput out = ProbeOutput.of("probe", "127.0.0.1:" + closed, insecure.target(), "--timeout", FAST, "--mode", "pgwire");
            out.assertFires("unreachable");
            out.assertFires("insecure-node");
            assertEquals("CRITICAL", out.json().path("status").asText());
            out.assertExit(2);
        }
    }

    @Test
    void downHostMadeAnErrorByOverrideIsCritical(@TempDir Path rules) throws IOException {
        Files.writeString(rules.resolve("unreachable.yaml"), "id: unreachable\nseverity: error\n");
        ProbeOutput out = ProbeOutput.of("probe", "127.0.0.1:" + Ports.free(), "--timeout", FAST, "--rules", rules.toString());
        out.assertExit(2);
        Files.writeString(rules.resolve("unreachable.yaml"), "id: unreachable\nseverity: info\n");
        ProbeOutput.of("probe", "127.0.0.1:" + Ports.free(), "--timeout", FAST, "--rules", rules.toString()).assertExit(0);
    }

    @Test
    void manySilentEndpointsTakeAboutOneTimeoutNotOneEach() {
        List<FakeServer> servers = new ArrayList<>();
        try {
            List<String> args = new ArrayList<>(List.of("probe", "--timeout", "1s", "--mode", "pgwire"));
            for (int i = 0; i < 12; i++) {
                FakeServer s = FakeServer.silent();
                servers.add(s);
                args.add(s.target());
            }
            long start = System.nanoTime();
            ProbeOutput out = ProbeOutput.of(args.toArray(String[]::new));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(12, out.findings("timeout").size());
            assertTrue(millis < 6000, "12 silent endpoints with a 1 s timeout took " + millis + " ms (serially they would take 12 s)");
            assertEquals(12, out.json().path("cluster").path("endpoints").asInt());
            assertEquals(0, out.json().path("cluster").path("reached_tls").asInt());
        } finally {
            servers.forEach(FakeServer::close);
        }
    }

    @Test
    void hostsFileAndTargetsAreMerged(@TempDir Path dir) throws IOException {
        int a = Ports.free();
        int b = Ports.free();
        Files.writeString(dir.resolve("hosts"), "# cluster\n127.0.0.1:" + a + "  # node 1\n\n127.0.0.1:" + b + ", 127.0.0.1:" + a + "\n");
        ProbeOutput out = ProbeOutput.of("probe", "--hosts-file", dir.resolve("hosts").toString(), "--mode", "tls", "--timeout", FAST);
        assertEquals(2, out.json().path("targets").size());
    }

    @Test
    void badInputIsOneLineAndUnknown() {
        Cli.Result none = Cli.run("probe");
        assertEquals(3, none.exitCode());
        assertTrue(none.err().startsWith("tls-doctor: nothing to probe"), none.err());
        Cli.Result port = Cli.run("probe", "127.0.0.1:99999");
        assertEquals(3, port.exitCode());
        assertTrue(port.err().contains("port must be a number from 1 to 65535"), port.err());
        Cli.Result timeout = Cli.run("probe", "127.0.0.1", "--timeout", "soon");
        assertTrue(timeout.err().contains("--timeout: 'soon' is not a duration"), timeout.err());
        Cli.Result url = Cli.run("probe", "postgresql://root@127.0.0.1:26257");
        assertTrue(url.err().contains("is a URL"), url.err());
        Cli.Result user = Cli.run("probe", "127.0.0.1", "--user", "root", "--certs-dir", "/nonexistent-dir");
        assertTrue(user.err().contains("no such certs directory"), user.err());
        for (Cli.Result r : List.of(none, port, timeout, url, user)) {
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void jsonShapeOfAFailedTarget() {
        try (FakeServer insecure = FakeServer.replying("N")) {
            ProbeOutput out = ProbeOutput.of("probe", insecure.target(), "--timeout", FAST, "--mode", "pgwire");
            JsonNode json = out.json();
            List<String> keys = new ArrayList<>();
            json.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("tool", "version", "status", "findings", "certificates", "targets", "cluster"), keys);
            JsonNode target = out.target("pgwire");
            assertEquals(insecure.target(), target.path("target").asText());
            assertEquals("insecure-node", target.path("outcome").asText());
            assertEquals("ssl-request", target.path("step").asText());
            assertEquals(0, target.path("chain_length").asInt());
            JsonNode f = out.finding("insecure-node");
            assertEquals(insecure.target() + " (pgwire)", f.path("subject").asText());
            assertTrue(f.path("fix").asText().contains("without --insecure"));
        }
    }
}
