package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.FakeServer;
import dev.tlsdoctor.testing.TlsPeer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
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
    private static final int SIXTEEN_MB = 16 << 20;
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

    /** What a hostile server does once the TLS session is up and our StartupMessage is read. */
    private interface AfterLogin {
        void play(SSLSocket session) throws IOException;
    }

    /** A pgwire server on TLS {@code protocol} presenting node.crt, which answers the login with {@code hostility}. */
    private static FakeServer loginServer(String protocol, AfterLogin hostility) {
        SSLContext tls = TlsPeer.serving(node.keyPair().getPrivate(), List.of(node.cert()));
        return FakeServer.start((s, in, out) -> {
            TlsPeer.acceptSslRequest(in, out);
            SSLSocket session = TlsPeer.handshake(s, tls, protocol);
            TlsPeer.readStartupMessage(session.getInputStream());
            hostility.play(session);
        });
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
        try (FakeServer slow = loginServer("TLSv1.3", session -> {
            OutputStream answer = session.getOutputStream();
            byte[] authenticationOk = {'R', 0, 0, 0, 8, 0, 0, 0, 0};
            for (byte b : authenticationOk) {
                answer.write(b);
                answer.flush();
                sleep(1000);
            }
        })) {
            loginTimesOut(slow, "TLSv1.3");
        }
    }

    /** A TLS 1.2 ServerHello, then a Certificate message that declares 16 MB and streams it. */
    @Test
    void sixteenMegabyteCertificateMessageIsRefusedAtItsHeader() {
        try (FakeServer hostile = FakeServer.start((s, in, out) -> {
            in.read(new byte[4096]); // the ClientHello
            out.write(record(serverHello()));
            out.flush();
            int declared = (1 << 24) - 16;
            byte[] fragment = new byte[1 << 14];
            ByteBuffer.wrap(fragment).put((byte) 11).put((byte) (declared >> 16)).putShort((short) declared);
            for (long left = 4L + declared; left > 0; left -= fragment.length) {
                out.write(record(left >= fragment.length ? fragment : java.util.Arrays.copyOf(fragment, (int) left)));
                java.util.Arrays.fill(fragment, 0, 4, (byte) 0);
            }
            out.flush();
        })) {
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
        X509Certificate filler = Pki.ca("Filler CA").build().cert();
        int entries = (SIXTEEN_MB - node.cert().getEncoded().length) / (filler.getEncoded().length + 5);
        List<X509Certificate> chain = new ArrayList<>(List.of(node.cert()));
        chain.addAll(Collections.nCopies(entries, filler));
        SSLContext tls = TlsPeer.serving(node.keyPair().getPrivate(), chain);
        try (FakeServer huge = FakeServer.start((s, in, out) -> TlsPeer.handshake(s, tls, protocol))) {
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
        try (FakeServer hostile = loginServer("TLSv1.2", session -> {
            session.addHandshakeCompletedListener(done -> {
                renegotiations.incrementAndGet();
                try {
                    session.startHandshake();
                } catch (IOException clientGone) {
                    // the probe gave up: the test looks at what it reported
                }
            });
            session.startHandshake();
            session.getInputStream().read(); // carries each renegotiation through; never returns data
        })) {
            ProbeOutput out = loginTimesOut(hostile, "TLSv1.2");
            assertTrue(renegotiations.get() >= 3, "the client renegotiated only " + renegotiations.get() + " times: the test did not test");
            assertEquals(1, out.target("pgwire").path("chain_length").asInt());
        }
    }

    /** TLS 1.3: a post-handshake KeyUpdate (update requested) sent as fast as the client takes them. */
    @Test
    void keyUpdateSpamDuringTheLoginEndsAtTheTimeout() {
        AtomicInteger keyUpdates = new AtomicInteger();
        try (FakeServer hostile = loginServer("TLSv1.3", session -> {
            while (true) {
                session.startHandshake(); // on an established TLS 1.3 session: a KeyUpdate
                keyUpdates.incrementAndGet();
            }
        })) {
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

    private static byte[] serverHello() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        ByteBuffer body = ByteBuffer.allocate(4 + 45)
                .put((byte) 2).put((byte) 0).putShort((short) 45) // ServerHello, 45 bytes
                .put((byte) 3).put((byte) 3).put(random)
                .put((byte) 0) // no session id
                .putShort((short) 0xc02f) // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                .put((byte) 0) // no compression
                .putShort((short) 5).putShort((short) 0xff01).putShort((short) 1).put((byte) 0); // renegotiation_info, empty
        return body.array();
    }

    private static byte[] record(byte[] handshake) {
        return ByteBuffer.allocate(5 + handshake.length).put((byte) 0x16).put((byte) 3).put((byte) 3).putShort((short) handshake.length).put(handshake).array();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
