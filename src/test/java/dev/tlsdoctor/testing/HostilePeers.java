package dev.tlsdoctor.testing;

import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Servers that attack a prober rather than fail: a login answer a byte a second, a 16 MB certificate message,
 * a 16 MB chain, endless renegotiation and KeyUpdates during the login. The probe tests run them through the
 * command line and through the exporter's {@code /probe}.
 */
public final class HostilePeers {
    private static final int SIXTEEN_MB = 16 << 20;

    private HostilePeers() {}

    /** What a hostile server does once the TLS session is up and the StartupMessage is read. */
    public interface AfterLogin {
        void play(SSLSocket session) throws IOException;
    }

    /** A pgwire server on TLS {@code protocol} presenting {@code node}, which answers the login with {@code hostility}. */
    public static FakeServer loginServer(Pki.Issued node, String protocol, AfterLogin hostility) {
        SSLContext tls = TlsPeer.serving(node.keyPair().getPrivate(), List.of(node.cert()));
        return FakeServer.start((s, in, out) -> {
            TlsPeer.acceptSslRequest(in, out);
            SSLSocket session = TlsPeer.handshake(s, tls, protocol);
            TlsPeer.readStartupMessage(session.getInputStream());
            hostility.play(session);
        });
    }

    /** TLS 1.3, then AuthenticationOk one byte a second. */
    public static FakeServer trickledLoginAnswer(Pki.Issued node) {
        return loginServer(node, "TLSv1.3", session -> {
            OutputStream answer = session.getOutputStream();
            byte[] authenticationOk = {'R', 0, 0, 0, 8, 0, 0, 0, 0};
            for (byte b : authenticationOk) {
                answer.write(b);
                answer.flush();
                sleep(1000);
            }
        });
    }

    /** A TLS 1.2 ServerHello, then a Certificate message that declares 16 MB and streams it. */
    public static FakeServer sixteenMegabyteCertificateMessage() {
        return FakeServer.start((s, in, out) -> {
            in.read(new byte[4096]); // the ClientHello
            out.write(record(serverHello()));
            out.flush();
            int declared = (1 << 24) - 16;
            byte[] fragment = new byte[1 << 14];
            ByteBuffer.wrap(fragment).put((byte) 11).put((byte) (declared >> 16)).putShort((short) declared);
            for (long left = 4L + declared; left > 0; left -= fragment.length) {
                out.write(record(left >= fragment.length ? fragment : Arrays.copyOf(fragment, (int) left)));
                Arrays.fill(fragment, 0, 4, (byte) 0);
            }
            out.flush();
        });
    }

    /** A real JDK TLS server on {@code protocol} whose chain is {@code node} and 16 MB of CA certificates behind it. */
    public static FakeServer sixteenMegabyteChain(Pki.Issued node, String protocol) throws Exception {
        X509Certificate filler = Pki.ca("Filler CA").build().cert();
        int entries = (SIXTEEN_MB - node.cert().getEncoded().length) / (filler.getEncoded().length + 5);
        List<X509Certificate> chain = new ArrayList<>(List.of(node.cert()));
        chain.addAll(Collections.nCopies(entries, filler));
        SSLContext tls = TlsPeer.serving(node.keyPair().getPrivate(), chain);
        return FakeServer.start((s, in, out) -> TlsPeer.handshake(s, tls, protocol));
    }

    /** TLS 1.2: each renegotiation the server asks for (HelloRequest) is done by the client, and the next asked for at once. */
    public static FakeServer endlessRenegotiation(Pki.Issued node, AtomicInteger renegotiations) {
        return loginServer(node, "TLSv1.2", session -> {
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
        });
    }

    /** TLS 1.3: a post-handshake KeyUpdate (update requested) sent as fast as the client takes them. */
    public static FakeServer keyUpdateSpam(Pki.Issued node, AtomicInteger keyUpdates) {
        return loginServer(node, "TLSv1.3", session -> {
            while (true) {
                session.startHandshake(); // on an established TLS 1.3 session: a KeyUpdate
                keyUpdates.incrementAndGet();
            }
        });
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
