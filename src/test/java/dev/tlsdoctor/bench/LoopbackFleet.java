package dev.tlsdoctor.bench;

import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * For the probe benchmark (not a test): one JVM serving ACCEPTING loopback ports that answer like a
 * CockroachDB node (SSLRequest then TLS, or direct TLS) and SILENT ports that accept and never answer.
 * Writes DIR/hosts (all endpoints) and DIR/ca.crt, prints "ready", and serves until killed. The benchmark warms
 * it up before measuring: it stands in for 100 long-running nodes, not for 100 freshly started JVMs.
 * Usage: LoopbackFleet DIR ACCEPTING SILENT
 */
public final class LoopbackFleet {
    private LoopbackFleet() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int accepting = Integer.parseInt(args[1]);
        int silent = Integer.parseInt(args[2]);
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        // An EC node key: 100 servers' handshakes share this machine's cores with the probe, and an RSA signature per
        // handshake in a cold JVM would measure the fleet's crypto rather than the probe's scheduling.
        Pki.Issued node = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().key("EC:secp256r1").build();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("node", node.keyPair().getPrivate(), new char[0], new X509Certificate[] {node.cert(), ca.cert()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        ExecutorService connections = Executors.newCachedThreadPool(daemon());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < accepting + silent; i++) {
            ServerSocket server = new ServerSocket(0, 512, loopback);
            hosts.add("127.0.0.1:" + server.getLocalPort());
            boolean answers = i < accepting;
            Thread acceptor = new Thread(() -> {
                while (true) {
                    try {
                        Socket s = server.accept();
                        connections.submit(() -> serve(s, answers, tls.getSocketFactory()));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }
        Files.write(dir.resolve("hosts"), hosts);
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Like a node's cmux: an SSLRequest gets 'S' then TLS; a ClientHello gets TLS directly. Silent ports wait. */
    private static void serve(Socket s, boolean answers, SSLSocketFactory factory) {
        try (s) {
            s.setTcpNoDelay(true); // as servers (Go's, CockroachDB's) do; Nagle would add delayed-ACK stalls to every handshake
            InputStream in = s.getInputStream();
            if (!answers) {
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            int first = in.read();
            SSLSocket ssl;
            if (first == 0) {
                in.readNBytes(7);
                s.getOutputStream().write('S');
                s.getOutputStream().flush();
                ssl = (SSLSocket) factory.createSocket(s, "127.0.0.1", s.getPort(), false);
            } else {
                ssl = (SSLSocket) factory.createSocket(s, new java.io.ByteArrayInputStream(new byte[] {(byte) first}), false);
            }
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            ssl.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the probe hung up: normal
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }
}
