package dev.tlsdoctor.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code openssl s_server} on 127.0.0.1, for direct-TLS probes with chosen certificates,
 * versions and client-authentication modes. Close it to kill the process.
 *
 * <pre>
 * try (OpensslServer s = OpensslServer.start(dir, "-cert", node.crt, "-key", node.key, "-tls1_3")) { … s.port() … }
 * </pre>
 */
public final class OpensslServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private OpensslServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the calling test when openssl is not installed (CI installs it, so there the tests run). */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(onPath("openssl"), "openssl is not installed");
    }

    /** Starts {@code openssl s_server -accept 127.0.0.1:<free port> -quiet ARGS…}; its output goes to a log in {@code dir}. */
    public static OpensslServer start(Path dir, String... args) {
        assumeInstalled();
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-quiet"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s_server-" + port + ".log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            OpensslServer server = new OpensslServer(p, port);
            try {
                Ports.awaitListening(port, Duration.ofSeconds(15), p);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String target() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
