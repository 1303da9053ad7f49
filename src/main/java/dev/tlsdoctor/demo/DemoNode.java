package dev.tlsdoctor.demo;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.certs.Principals;
import dev.tlsdoctor.probe.PgWire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A stand-in for {@code cockroach start} on 127.0.0.1, enough for a diagnosis: it answers pgwire's
 * SSLRequest with 'S' and then speaks TLS (as SQL clients expect), accepts direct TLS (as nodes dial
 * each other), asks for but does not demand a client certificate, and judges a SQL login as
 * CockroachDB does: a certificate logs in as a user its CN or DNS SANs name, with CockroachDB's own
 * error otherwise. Nothing after the login is implemented.
 */
public final class DemoNode implements AutoCloseable {
    private static final int MAX_STARTUP = 10_000;
    /** A client that dials and says nothing is let go after this long, as a node's handshake timeout would. */
    private static final int IDLE_MILLIS = 10_000;

    private final ServerSocket server;
    private final SSLContext tls;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** Serves {@code served} (with its chain) and trusts client certificates issued by {@code clientCa}. */
    public DemoNode(Pki.Issued served, X509Certificate clientCa) throws IOException {
        try {
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            List<Certificate> chain = new ArrayList<>(List.of(served.cert()));
            chain.addAll(served.chain());
            keys.setKeyEntry("node", served.keyPair().getPrivate(), none, chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", clientCa);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the demo node's TLS: " + e.getMessage(), e);
        }
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "demo-node-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread connection = new Thread(() -> serve(socket), "demo-node-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_MILLIS);
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first < 0) {
                return; // dialled and hung up
            }
            if (first == 0x16) { // a TLS record: a node dialling another node, or the DB Console
                SSLSocket direct = (SSLSocket) tls.getSocketFactory().createSocket(socket, new ByteArrayInputStream(new byte[] {0x16}), true);
                direct.setWantClientAuth(true);
                direct.startHandshake();
                direct.getInputStream().read(); // the peer says goodbye (or idles out)
                return;
            }
            byte[] rest = in.readNBytes(7);
            if (rest.length < 7) {
                return; // hung up before a message's length and code: nothing to answer
            }
            ByteBuffer head = ByteBuffer.allocate(8).put((byte) first).put(rest).flip();
            int length = head.getInt();
            int code = head.getInt();
            if (length != 8 || code != PgWire.SSL_REQUEST_CODE) {
                socket.getOutputStream().write(error("08P01", "node is running secure mode, SSL connection required", null));
                return;
            }
            socket.getOutputStream().write('S');
            SSLSocket sql = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
            sql.setUseClientMode(false);
            sql.setWantClientAuth(true);
            sql.startHandshake();
            String user = startupUser(new DataInputStream(sql.getInputStream()));
            if (user != null) {
                sql.getOutputStream().write(login(sql, user));
                sql.getOutputStream().flush();
                sql.getInputStream().read(); // Terminate, or the client hangs up
            }
        } catch (IOException | RuntimeException e) {
            // The client went away or spoke nonsense; a probe sees what it sees. Nothing is printed:
            // the demo's terminal shows tls-doctor's findings, never a trace from one connection.
        } finally {
            open.remove(socket);
        }
    }

    /** The user a StartupMessage names, or null if it is something else (a cancel request, garbage). */
    private static String startupUser(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 8 || length > MAX_STARTUP) {
            return null;
        }
        byte[] body = new byte[length - 4];
        in.readFully(body); // a truncated message ends in EOFException: the client hung up
        ByteBuffer message = ByteBuffer.wrap(body);
        if (message.getInt() != PgWire.PROTOCOL_3_0) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        String[] parts = new String(body, 4, body.length - 4, StandardCharsets.UTF_8).split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            params.put(parts[i], parts[i + 1]);
        }
        return params.get("user");
    }

    /** CockroachDB's verdict on a login over TLS: the certificate's principals, else a password request. */
    private static byte[] login(SSLSocket sql, String user) {
        X509Certificate cert;
        try {
            cert = (X509Certificate) sql.getSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException noCertificate) {
            return ByteBuffer.allocate(9).put((byte) 'R').putInt(8).putInt(3).array(); // cleartext password, please
        }
        List<String> principals = Principals.of(cert, PrincipalMap.NONE).stream().map(Principals.Principal::name).toList();
        if (!principals.contains(user)) {
            List<String> names = principals.stream().map(name -> '"' + name + '"').toList();
            return error("28000", "certificate authentication failed for user \"" + user + "\" (DN: <nil>)",
                    "The client certificate (DN: " + cert.getSubjectX500Principal().getName() + ") is valid for "
                            + String.join(", ", names) + " on all tenants.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(9).put((byte) 'R').putInt(8).putInt(0).array()); // AuthenticationOk
        out.writeBytes(ByteBuffer.allocate(6).put((byte) 'Z').putInt(5).put((byte) 'I').array()); // ReadyForQuery
        return out.toByteArray();
    }

    /** An ErrorResponse with severity, SQLSTATE, message and (unless null) detail. */
    private static byte[] error(String sqlState, String message, String detail) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        field(fields, 'S', "ERROR");
        field(fields, 'C', sqlState);
        field(fields, 'M', message);
        if (detail != null) {
            field(fields, 'D', detail);
        }
        fields.write(0);
        byte[] body = fields.toByteArray();
        return ByteBuffer.allocate(5 + body.length).put((byte) 'E').putInt(4 + body.length).put(body).array();
    }

    private static void field(ByteArrayOutputStream out, char type, String value) {
        out.write(type);
        PgWire.cstring(out, value);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
