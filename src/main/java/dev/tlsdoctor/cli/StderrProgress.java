package dev.tlsdoctor.cli;

import dev.tlsdoctor.probe.ProbeRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** "probing 37/200" on standard error, rewritten in place; only when standard error is a terminal. */
final class StderrProgress implements ProbeRunner.Progress {
    private final PrintWriter err;
    private boolean shown;

    private StderrProgress(PrintWriter err) {
        this.err = err;
    }

    /** A progress line on {@code err} when the process's standard error is a terminal, else silence. */
    static ProbeRunner.Progress on(PrintWriter err) {
        return stderrIsTerminal() ? new StderrProgress(err) : (done, total) -> { };
    }

    @Override
    public synchronized void update(int done, int total) {
        err.print("\rprobing " + done + "/" + total + (done == total ? "\r\u001b[K" : ""));
        err.flush();
        shown = done < total;
    }

    /** Clears a progress line left behind (when the last probes were given up on). */
    synchronized void finish() {
        if (shown) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    private static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException notLinux) {
            return System.console() != null;
        }
    }
}
