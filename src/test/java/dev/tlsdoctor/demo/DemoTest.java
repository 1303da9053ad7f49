package dev.tlsdoctor.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.probe.PgWire;
import dev.tlsdoctor.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @TempDir
    Path tmp;

    @Test
    void theDemoFindsEveryPlantedFlawThroughTheRealCommandsAndCleansUp() {
        Cli.Result r = Cli.run("demo");
        assertEquals(0, r.exitCode(), r.all());
        for (DemoDeployment.PlantedFlaw flaw : DemoDeployment.FLAWS) {
            assertTrue(Pattern.compile("(?m)^  found  " + flaw.rule() + " ").matcher(r.out()).find(), flaw.rule() + " in\n" + r.out());
            assertTrue(Pattern.compile("(?m)^  (ERROR|WARNING) +" + flaw.rule() + ": ").matcher(r.out()).find(), "the finding itself: " + flaw.rule());
        }
        assertTrue(r.out().contains("$ tls-doctor check --certs-dir "), r.out());
        assertTrue(r.out().contains("$ tls-doctor probe 127.0.0.1:"), r.out());
        // A served (not file) certificate's revocation is re-checked by probing, not by 'ocsp <file>'.
        assertTrue(Pattern.compile("Check with: tls-doctor probe 127\\.0\\.0\\.1:\\d+ --ocsp").matcher(r.out()).find(), r.out());
        Matcher dir = Pattern.compile("certs directory  (\\S+)").matcher(r.out());
        assertTrue(dir.find(), r.out());
        assertFalse(Files.exists(Path.of(dir.group(1))), "the temporary certs directory is removed");
        assertFalse(r.out().contains("PRIVATE KEY"), "no key material");
    }

    @Test
    void withDirTheCertificateSetStaysForTheUserToExplore() throws IOException {
        Path kept = tmp.resolve("demo-certs");
        Cli.Result r = Cli.run("demo", "--dir", kept.toString());
        assertEquals(0, r.exitCode(), r.all());
        for (String name : new String[] {"ca.crt", "node.crt", "node.key", "client.root.crt", "client.root.key", "client.maxroach.crt", "client.maxroach.key"}) {
            assertTrue(Files.isRegularFile(kept.resolve(name)), name);
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept.resolve("node.key"))));
        // The kept files give the same file findings when checked again, without the demo running.
        Cli.Result again = Cli.run("check", "--certs-dir", kept.toString(), "--host", "127.0.0.1", "--format", "json");
        assertEquals(2, again.exitCode(), again.all());
        for (String rule : new String[] {"key-permissions", "san-missing-host", "expiring-soon", "client-cn"}) {
            assertFalse(again.findings(rule).isEmpty(), rule);
        }
    }

    @Test
    void aDirectoryWithFilesInItIsNeverWrittenTo() throws IOException {
        Path mine = Files.writeString(tmp.resolve("ca.crt"), "my own CA");
        Cli.Result r = Cli.run("demo", "--dir", tmp.toString());
        assertEquals(3, r.exitCode(), r.all());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(tmp + ": not empty"), r.err());
        assertEquals("my own CA", Files.readString(mine));
        assertEquals(1, Files.list(tmp).count());
    }

    @Test
    void theNodeRefusesPlaintextAsASecureCockroachNodeDoes() throws IOException {
        try (DemoDeployment demo = DemoDeployment.start(tmp.resolve("certs"));
             Socket s = new Socket("127.0.0.1", Integer.parseInt(demo.nodeAddress().split(":")[1]))) {
            s.setSoTimeout(5000);
            byte[] params = "user\0root\0\0".getBytes(StandardCharsets.UTF_8);
            s.getOutputStream().write(ByteBuffer.allocate(8 + params.length).putInt(8 + params.length).putInt(PgWire.PROTOCOL_3_0).put(params).array());
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertEquals('E', in.read());
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            String text = new String(body, StandardCharsets.UTF_8);
            assertTrue(text.contains("C08P01\0") && text.contains("node is running secure mode, SSL connection required"), text);
        }
    }

    @Test
    void theNodeAcceptsACertificateLoginForTheUserItNames() throws IOException {
        try (DemoDeployment demo = DemoDeployment.start(tmp.resolve("certs"))) {
            Cli.Result r = Cli.run("probe", demo.nodeAddress(), "--mode", "pgwire", "--certs-dir", demo.certsDir().toString(),
                    "--user", "root", "--format", "json");
            assertTrue(r.findings("sql-auth-failed").isEmpty(), r.out());
            assertTrue(r.out().contains("\"accepted\" : true"), r.out());
            assertFalse(r.findings("served-cert-differs").isEmpty(), r.out());
        }
    }

    @Test
    void aClientThatHangsUpMidMessageIsAClosedConnectionWithNothingPrinted() throws Exception {
        PrintStream realErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (DemoDeployment demo = DemoDeployment.start(tmp.resolve("certs"))) {
            int port = Integer.parseInt(demo.nodeAddress().split(":")[1]);
            hangUpAfter(port, new byte[0]);
            hangUpAfter(port, new byte[] {0, 0});
            hangUpAfter(port, ByteBuffer.allocate(6).putInt(8).putShort((short) 1234).array()); // most of an SSLRequest
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(ByteBuffer.allocate(8).putInt(8).putInt(PgWire.SSL_REQUEST_CODE).array());
                assertEquals('S', s.getInputStream().read());
                SSLSocket tls = (SSLSocket) trusting(demo.certsDir().resolve("ca.crt")).getSocketFactory().createSocket(s, "127.0.0.1", port, true);
                tls.startHandshake();
                // A StartupMessage that claims 100 bytes and ends after 2.
                tls.getOutputStream().write(ByteBuffer.allocate(6).putInt(100).putShort((short) 3).array());
                tls.getOutputStream().flush();
                tls.shutdownOutput();
                awaitHangUp(tls.getInputStream());
            }
            // Each connection's thread has closed its socket; once they end, anything they would print is out.
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("demo-node-connection")) {
                    t.join(15_000);
                }
            }
            Cli.Result r = Cli.run("probe", demo.nodeAddress(), "--mode", "pgwire", "--certs-dir", demo.certsDir().toString(),
                    "--user", "root", "--format", "json");
            assertTrue(r.out().contains("\"accepted\" : true"), "the node still serves a proper client: " + r.all());
        } finally {
            System.setErr(realErr);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void closingTheOcspResponderEndsItsThreads() throws Exception {
        List<Thread> answering;
        try (DemoOcspResponder responder = new DemoOcspResponder()) {
            HttpURLConnection get = (HttpURLConnection) URI.create(responder.url() + "bm90LWEtcmVxdWVzdA==").toURL().openConnection();
            get.setConnectTimeout(5000);
            get.setReadTimeout(5000);
            assertEquals(200, get.getResponseCode()); // a malformedRequest answer, from one of the responder's threads
            get.getInputStream().readAllBytes();
            get.disconnect();
            String name = "demo-ocsp-" + URI.create(responder.url()).getPort();
            answering = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
            assertFalse(answering.isEmpty(), "no thread named " + name);
        }
        for (Thread t : answering) {
            t.join(5000);
            assertFalse(t.isAlive(), t.getName() + " still runs after close()");
        }
    }

    /** Sends {@code bytes} (perhaps none), half-closes, and waits until the node hangs up too. */
    private static void hangUpAfter(int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(bytes);
            s.shutdownOutput();
            awaitHangUp(s.getInputStream());
        }
    }

    private static void awaitHangUp(InputStream in) {
        try {
            while (in.read() >= 0) {
                // whatever the node says before it hangs up
            }
        } catch (IOException reset) {
            // hung up without ceremony
        }
    }

    private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
