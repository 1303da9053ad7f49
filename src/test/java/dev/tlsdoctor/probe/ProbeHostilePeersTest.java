package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.FakeServer;
import dev.tlsdoctor.testing.HostilePeers;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Peers that attack the prober rather than fail: a byte a second, a 16 MB certificate chain, endless
 * renegotiation and KeyUpdates while we wait for the SQL login. Each probe must end within its timeout
 * (plus start-up slack) with the right finding, having read only a bounded part of what was thrown at it.
 */
class ProbeHostilePeersTest {
    private static final String TIMEOUT = "2s";
    /** The 2 s timeout, plus what a CLI run costs besides the probe on a busy two-core machine. */
    private static final long LIMIT_MILLIS = 4_000;
    /** What the client may read of a 16 MB flood: a few TLS records and its input buffer. */
    private static final long READ_BOUND = 256 << 10;
    private static final Pattern BYTES_RECEIVED = Pattern.compile("\\((\\d+) bytes received\\)");

    @TempDir
    static Path certs;
    static Pki.Issued node;

    /** A certs directory whose node.crt is what the hostile servers present, and client.root to log in with; and a first run, so that timings below are not a cold JVM's class loading. */
    @BeforeAll
    static void makeCertsDirAndWarmUp() {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(certs.resolve("ca.crt"));
        node = ca.issue("node").sans("127.0.0.1").serverAndClient().build();
        node.writeTo(certs, "node");
        ca.issue("root").clientAuth().build().writeTo(certs, "client.root");
        try (FakeServer insecure = FakeServer.replying("N")) {
            ProbeOutput.of("probe", insecure.target(), "--timeout", TIMEOUT, "--mode", "pgwire", "--certs-dir", certs.toString(), "--user", "root");
        }
    }

    /** A probe run through the real CLI, and how long it took. */
    private record Timed(ProbeOutput out, long millis) {
        static Timed probe(String... args) {
            long start = System.nanoTime();
            ProbeOutput out = ProbeOutput.of(args);
            return new Timed(out, (System.nanoTime() - start) / 1_000_000);
        }

        void assertWithinTimeout() {
            assertTrue(millis < LIMIT_MILLIS, "took " + millis + " ms for a " + TIMEOUT + " timeout");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pgwire", "tls"})
    void handshakeTrickledAByteASecondTimesOutHavingReadAFewBytes(String mode) {
        try (FakeServer slow = mode.equals("pgwire") ? FakeServer.tricklingAfterSslRequest(1000) : FakeServer.trickling(1000)) {
            Timed run = Timed.probe("probe", slow.target(), "--timeout", TIMEOUT, "--mode", mode);
            run.assertWithinTimeout();
            assertTrue(run.millis() >= 1_900, "gave up after " + run.millis() + " ms, before the timeout");
            run.out().assertFires("timeout", "the TLS handshake did not finish", "within 2s");
            assertEquals("handshake", run.out().target(mode).path("step").asText());
            run.out().assertExit(3);
            Matcher received = BYTES_RECEIVED.matcher(run.out().finding("timeout").path("message").asText());
            assertTrue(received.find(), run.out().finding("timeout").toString());
            // a 5-byte record header, then one byte a second for two seconds
            assertTrue(Long.parseLong(received.group(1)) <= 8, received.group());
        }
    }

    /** Logs in as root: the probe must give up on the login at the timeout. */
    private static ProbeOutput loginTimesOut(FakeServer server, String protocol) {
        Timed run = Timed.probe("probe", server.target(), "--timeout", TIMEOUT, "--mode", "pgwire", "--certs-dir", certs.toString(), "--user", "root");
        run.assertWithinTimeout();
        run.out().assertFires("timeout", "no answer to the SQL login within 2s");
        assertEquals("sql-login", run.out().target("pgwire").path("step").asText());
        assertEquals(protocol, run.out().target("pgwire").path("protocol").asText());
        run.out().assertExit(3);
        return run.out();
    }

    @Test
    void loginAnswerTrickledAByteASecondTimesOutInTheLogin() {
        try (FakeServer slow = HostilePeers.trickledLoginAnswer(node)) {
            loginTimesOut(slow, "TLSv1.3");
        }
    }

    /** A TLS 1.2 ServerHello, then a Certificate message that declares 16 MB and streams it. */
    @Test
    void sixteenMegabyteCertificateMessageIsRefusedAtItsHeader() {
        try (FakeServer hostile = HostilePeers.sixteenMegabyteCertificateMessage()) {
            Timed run = Timed.probe("probe", hostile.target(), "--timeout", TIMEOUT, "--mode", "tls");
            run.assertWithinTimeout();
            run.out().assertFires("handshake-failed", "The size of the handshake message (16777200) exceeds the maximum allowed size");
            run.out().assertSilent("timeout");
            run.out().assertExit(2);
            assertTrue(run.out().run().err().isEmpty(), run.out().run().err());
            assertReadBounded(run.out());
        }
    }

    /** A real JDK TLS server whose chain is the node certificate and 16 MB of CA certificates behind it. */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sixteenMegabyteChainFromARealServerIsRefused(String protocol) throws Exception {
        try (FakeServer huge = HostilePeers.sixteenMegabyteChain(node, protocol)) {
            Timed run = Timed.probe("probe", huge.target(), "--timeout", TIMEOUT, "--mode", "tls");
            run.assertWithinTimeout();
            run.out().assertFires("handshake-failed", "exceeds the maximum allowed size");
            run.out().assertExit(2);
            assertReadBounded(run.out());
        }
    }

    /** TLS 1.2: each renegotiation the server asks for (HelloRequest) is done by the client, and the next asked for at once. */
    @Test
    void endlessRenegotiationDuringTheLoginEndsAtTheTimeout() {
        AtomicInteger renegotiations = new AtomicInteger();
        try (FakeServer hostile = HostilePeers.endlessRenegotiation(node, renegotiations)) {
            ProbeOutput out = loginTimesOut(hostile, "TLSv1.2");
            assertTrue(renegotiations.get() >= 3, "the client renegotiated only " + renegotiations.get() + " times: the test did not test");
            assertEquals(1, out.target("pgwire").path("chain_length").asInt());
        }
    }

    /** TLS 1.3: a post-handshake KeyUpdate (update requested) sent as fast as the client takes them. */
    @Test
    void keyUpdateSpamDuringTheLoginEndsAtTheTimeout() {
        AtomicInteger keyUpdates = new AtomicInteger();
        try (FakeServer hostile = HostilePeers.keyUpdateSpam(node, keyUpdates)) {
            long before = hostile.bytesSent();
            loginTimesOut(hostile, "TLSv1.3");
            assertTrue(keyUpdates.get() >= 100, "only " + keyUpdates.get() + " KeyUpdates were sent: the test did not test");
            assertTrue(hostile.bytesSent() - before > 100 * 20L, "KeyUpdates sent " + (hostile.bytesSent() - before) + " bytes");
        }
    }

    /** The bytes the client read, as its handshake-failed finding reports them (what the server got onto the wire says nothing: the kernel may buffer all 16 MB). */
    private static void assertReadBounded(ProbeOutput out) {
        String message = out.finding("handshake-failed").path("message").asText();
        Matcher received = BYTES_RECEIVED.matcher(message);
        assertTrue(received.find(), message);
        assertTrue(Long.parseLong(received.group(1)) < READ_BOUND, "the client read " + received.group(1) + " bytes of the 16 MB flood");
    }
}
