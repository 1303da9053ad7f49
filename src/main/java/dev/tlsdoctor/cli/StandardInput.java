package dev.tlsdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Standard input as a command sees it: the process's, or the text the REPL hands to a command it runs
 * for a paste (a PEM block for inspect, an error for explain). Set per thread, as the REPL runs each
 * command on a thread of its own.
 */
final class StandardInput {
    private static final ThreadLocal<InputStream> OVERRIDE = new ThreadLocal<>();

    private StandardInput() {}

    static InputStream get() {
        InputStream in = OVERRIDE.get();
        return in != null ? in : System.in;
    }

    /** Makes {@code in} this thread's standard input (null: the process's again). */
    static void set(InputStream in) {
        OVERRIDE.set(in);
    }

    /** Reads standard input, at most {@code maxBytes} of it (the rest is left unread). */
    static byte[] readBytes(int maxBytes) {
        try {
            return get().readNBytes(maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads standard input as UTF-8 text, at most {@code maxBytes} bytes of it. */
    static String readText(int maxBytes) {
        return new String(readBytes(maxBytes), StandardCharsets.UTF_8);
    }
}
