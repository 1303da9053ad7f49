package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports for test servers (127.0.0.1 only). */
public final class Ports {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Ports() {}

    /** A port nothing listens on right now. */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until something accepts connections on 127.0.0.1:{@code port}, or fails after {@code limit}. */
    public static void awaitListening(int port, Duration limit, Process process) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("server process exited with " + process.exitValue() + " before listening on " + port);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + limit);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
