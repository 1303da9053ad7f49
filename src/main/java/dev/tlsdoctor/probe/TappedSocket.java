package dev.tlsdoctor.probe;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A plain socket that remembers the first bytes the server sent, so that when a TLS handshake fails
 * because the peer is not speaking TLS, we can say what it was speaking instead (HTTP, pgwire, …).
 * TLS is layered on top of it with {@code SSLSocketFactory.createSocket(socket, host, port, true)}.
 */
final class TappedSocket extends java.net.Socket {
    private static final int KEPT = 64;

    private final byte[] first = new byte[KEPT];
    private int kept;
    private long received;
    private InputStream tapped;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (tapped == null) {
            // Buffered above the tap: each network read is noted whole, even when the TLS layer asks for
            // just a 5-byte record header, so a non-TLS answer can be quoted beyond its first bytes.
            tapped = new BufferedInputStream(new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        note(new byte[] {(byte) b}, 0, 1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        note(buffer, offset, n);
                    }
                    return n;
                }
            });
        }
        return tapped;
    }

    private synchronized void note(byte[] buffer, int offset, int n) {
        int copy = Math.min(n, KEPT - kept);
        System.arraycopy(buffer, offset, first, kept, copy);
        kept += copy;
        received += n;
    }

    /** Forgets what was received so far: the next bytes are the start of something new (TLS after 'S'). */
    synchronized void restartTap() {
        kept = 0;
        received = 0;
    }

    /** The first bytes received (up to 64) since the start or {@link #restartTap()}. */
    synchronized byte[] firstBytes() {
        return Arrays.copyOf(first, kept);
    }

    synchronized long bytesReceived() {
        return received;
    }
}
