package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-JVM server on 127.0.0.1 for the peers a real server will not play: silent, slow, garbage,
 * plain HTTP, an odd answer to the SSLRequest, a close in the middle of a handshake. Each accepted
 * connection is handed to the {@link Behaviour} on its own thread. Close it to stop everything.
 */
public final class FakeServer implements AutoCloseable {
    /** What the server does with one connection. */
    public interface Behaviour {
        void serve(Socket socket, InputStream in, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong();

    private FakeServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 200, Ports.LOOPBACK) {
            @Override
            public Socket accept() throws IOException {
                Socket counted = new CountingSocket(sent);
                implAccept(counted);
                return counted;
            }
        };
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread t = new Thread(() -> {
                        try (s) {
                            behaviour.serve(s, s.getInputStream(), s.getOutputStream());
                        } catch (IOException e) {
                            // the client went away: the test looks at what the client saw
                        }
                    }, "fake-server-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "fake-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FakeServer start(Behaviour behaviour) {
        try {
            return new FakeServer(behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Accepts and never sends anything (until the client gives up). */
    public static FakeServer silent() {
        return start((s, in, out) -> in.transferTo(OutputStream.nullOutputStream()));
    }

    /** Answers whatever comes with {@code reply}, then waits for the client to close. */
    public static FakeServer replying(byte[] reply) {
        return start((s, in, out) -> {
            in.read(new byte[512]);
            out.write(reply);
            out.flush();
            in.transferTo(OutputStream.nullOutputStream());
        });
    }

    public static FakeServer replying(String reply) {
        return replying(reply.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads what the client sends first, then closes without a word. */
    public static FakeServer closingAfterFirstRead() {
        return start((s, in, out) -> in.read(new byte[4096]));
    }

    /** Sends one byte of a never-ending TLS record every {@code millis} ms. */
    public static FakeServer trickling(long millis) {
        return start((s, in, out) -> {
            in.read(new byte[4096]);
            trickleTlsRecord(out, millis);
        });
    }

    /** As {@link #trickling}, after answering pgwire's SSLRequest with 'S' as a TLS-enabled node does. */
    public static FakeServer tricklingAfterSslRequest(long millis) {
        return start((s, in, out) -> {
            TlsPeer.acceptSslRequest(in, out);
            in.read(new byte[4096]);
            trickleTlsRecord(out, millis);
        });
    }

    private static void trickleTlsRecord(OutputStream out, long millis) throws IOException {
        out.write(new byte[] {0x16, 0x03, 0x03, 0x7f, (byte) 0xff});
        while (true) {
            out.write(0x02);
            out.flush();
            Ports.sleep(millis);
        }
    }

    /** Bytes all connections so far handed to the network (TLS records included, for TLS layered on them). */
    public long bytesSent() {
        return sent.get();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String target() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** An accepted socket that counts what is written to it, whoever writes (the behaviour, or TLS layered over it). */
    private static final class CountingSocket extends Socket {
        private final AtomicLong sent;
        private OutputStream counted;

        CountingSocket(AtomicLong sent) {
            this.sent = sent;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (counted == null) {
                counted = new java.io.FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        sent.incrementAndGet();
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        sent.addAndGet(len);
                    }
                };
            }
            return counted;
        }
    }
}
