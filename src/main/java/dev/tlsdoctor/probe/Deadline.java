package dev.tlsdoctor.probe;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The moment one probe must be finished by. Read timeouts alone do not bound a peer that trickles a
 * byte at a time, so {@link #guard} also closes the connection when the moment comes: every step of a
 * probe (connect, SSLRequest, handshake, reads) ends by then.
 */
final class Deadline {
    /** One daemon thread closes sockets whose deadline passed, for all probes. */
    private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tls-doctor-deadline");
        t.setDaemon(true);
        return t;
    });

    private final long endNanos;
    private final Duration total;

    Deadline(Duration total) {
        this(total, System.nanoTime());
    }

    /** A deadline whose clock started at {@code startNanos} ({@link System#nanoTime()}), e.g. when the probe was asked for. */
    Deadline(Duration total, long startNanos) {
        this.total = total;
        this.endNanos = startNanos + total.toNanos();
    }

    Duration total() {
        return total;
    }

    boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** Milliseconds left, at least 1 (a socket timeout of 0 would mean "forever"). */
    int remainingMillis() {
        long left = TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    /** Closes {@code resource} when the deadline passes, unless the returned guard is closed first. */
    Closeable guard(Closeable resource) {
        ScheduledFuture<?> closing = CLOSER.schedule(() -> {
            try {
                resource.close();
            } catch (IOException e) {
                // already closed: nothing left to stop
            }
        }, Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return () -> closing.cancel(false);
    }
}
