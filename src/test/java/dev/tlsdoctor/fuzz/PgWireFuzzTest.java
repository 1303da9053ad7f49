package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.certs.TrustPool;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.probe.Endpoint;
import dev.tlsdoctor.probe.ProbeMode;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.probe.ProbeSettings;
import dev.tlsdoctor.probe.Prober;
import dev.tlsdoctor.probe.ServedEvidence;
import dev.tlsdoctor.probe.TrustSources;
import dev.tlsdoctor.testing.FakeServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * What a server answers to the pgwire SSLRequest, and what follows: a loopback server plays the input
 * to a real {@link Prober} in pgwire mode with a SQL login, so the probe package interprets it as it
 * would a real peer's bytes ('S', 'N', an ErrorResponse, HTTP, SSH, a TLS alert, garbage; after 'S' a
 * TLS handshake and the server's answer to the StartupMessage). The result then goes through every check.
 *
 * <p>The first input byte says what the server does: {@link #RAW} sends the rest as its answer to the
 * SSLRequest and closes; {@link #TLS} answers 'S', completes a real TLS handshake, reads the
 * StartupMessage and sends the rest as its answer to the login.
 */
class PgWireFuzzTest {
    static final int RAW = 0;
    static final int TLS = 1;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Pki.Issued CA = Pki.ca("Fuzz CA").key("EC:secp256r1").build();
    private static final SSLContext SERVER_TLS = serverContext(CA.issue("node").sans("localhost", "127.0.0.1").serverAndClient().key("EC:secp256r1").build());
    private static volatile byte[] script = new byte[0];
    private static final FakeServer SERVER = FakeServer.start(PgWireFuzzTest::play);
    private static final Prober PROBER = new Prober(new ProbeSettings(TIMEOUT, null, null, "root", ProbeSettings.DEFAULT_DATABASE));
    private static final TrustSources TRUST = new TrustSources(new TrustPool("Fuzz CA", List.of(CA.cert())), null, List.of());

    @FuzzTest
    void sslRequestAnswer(byte[] data) {
        FuzzFixtures.allowLoopbackConnections();
        script = data;
        ProbeResult result = PROBER.probe(new Endpoint("127.0.0.1", SERVER.port()), ProbeMode.PGWIRE);
        FuzzContract.oneLine("the probe's account of the server", result.detail());
        if (result.millis() > TIMEOUT.toMillis() + 1000) {
            throw new AssertionError("the probe took " + result.millis() + " ms, past its " + TIMEOUT.toMillis() + " ms timeout");
        }
        FuzzFixtures.checkedReport(ServedEvidence.of(List.of(result), TRUST, null, FuzzFixtures.AT, true), KeyMaterial.NONE);
    }

    private static void play(Socket socket, InputStream in, OutputStream out) throws IOException {
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.setTcpNoDelay(true); // as PostgreSQL does; Nagle would stall every handshake flight on a delayed ACK
        byte[] now = script;
        byte[] answer = now.length == 0 ? now : Arrays.copyOfRange(now, 1, now.length);
        in.readNBytes(8); // the SSLRequest
        if (now.length == 0 || (now[0] & 1) == RAW) {
            out.write(answer);
            out.flush();
            socket.shutdownOutput();
            in.transferTo(OutputStream.nullOutputStream()); // until the client closes: closing first could reset the connection
            return;
        }
        out.write('S');
        out.flush();
        try (SSLSocket tls = (SSLSocket) SERVER_TLS.getSocketFactory().createSocket(socket, null, true)) {
            tls.setUseClientMode(false);
            DataInputStream startup = new DataInputStream(tls.getInputStream());
            startup.readFully(new byte[startup.readInt() - 4]);
            tls.getOutputStream().write(answer);
            tls.getOutputStream().flush();
            tls.shutdownOutput(); // close_notify: a truncated answer ends the client's wait at once
            tls.getInputStream().transferTo(OutputStream.nullOutputStream());
        }
    }

    private static SSLContext serverContext(Pki.Issued node) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("node", node.keyPair().getPrivate(), new char[0], new Certificate[] {node.cert(), CA.cert()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
