package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server (Debian's package) on 127.0.0.1 with {@code ssl=on}, the given server
 * certificate and CA, and {@code hostssl all all 127.0.0.1/32 cert}: it speaks the same SSLRequest,
 * TLS and client-certificate login as CockroachDB. PostgreSQL refuses to run as root, so under root
 * (as in CI) it runs as an unprivileged user ({@code nobody}, else one created for it). Close it to stop it.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Duration STEP_LIMIT = Duration.ofSeconds(90);

    private final Path bin;
    private final Path base;
    private final String runAs;
    private final int port;
    private final Thread cleanup;
    private boolean stopped;

    private PostgresServer(Path bin, Path base, String runAs, int port) {
        this.bin = bin;
        this.base = base;
        this.runAs = runAs;
        this.port = port;
        this.cleanup = new Thread(this::stop, "stop-test-postgres");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** The newest /usr/lib/postgresql/N/bin, or null when PostgreSQL is not installed. */
    public static Path binDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Starts a server with {@code serverCert}/{@code serverKey}, trusting {@code caFile} for client
     * certificates, and creates the login roles {@code roles}. Skips the test when PostgreSQL is not installed.
     */
    public static PostgresServer start(Path serverCert, Path serverKey, Path caFile, String... roles) {
        Path bin = binDir();
        Assumptions.assumeTrue(bin != null, "PostgreSQL is not installed (/usr/lib/postgresql/*/bin)");
        try {
            Path base = Files.createTempDirectory("tls-doctor-pg-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path tls = Files.createDirectories(base.resolve("tls"));
            Files.copy(serverCert, tls.resolve("server.crt"));
            Files.copy(serverKey, tls.resolve("server.key"));
            Files.copy(caFile, tls.resolve("ca.crt"));
            Files.setPosixFilePermissions(tls.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
            Files.createDirectories(base.resolve("sock"));
            String runAs = isRoot() ? unprivilegedUser() : null;
            if (runAs != null) {
                run(List.of("chown", "-R", runAs + ":", base.toString()), null, base);
            }
            int port = Ports.free();
            PostgresServer server = new PostgresServer(bin, base, runAs, port);
            try {
                server.initAndStart();
                if (roles.length > 0) {
                    StringBuilder sql = new StringBuilder();
                    for (String role : roles) {
                        sql.append("CREATE ROLE \"").append(role).append("\" LOGIN;");
                    }
                    server.psql(sql.toString());
                }
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void initAndStart() throws IOException {
        Path data = base.resolve("data");
        command(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"));
        Path tls = base.resolve("tls");
        String conf = String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + base.resolve("sock") + "'",
                "ssl = on",
                "ssl_cert_file = '" + tls.resolve("server.crt") + "'",
                "ssl_key_file = '" + tls.resolve("server.key") + "'",
                "ssl_ca_file = '" + tls.resolve("ca.crt") + "'",
                "fsync = off",
                "shared_buffers = 16MB",
                "max_connections = 40",
                "") ;
        Files.writeString(data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(data.resolve("pg_hba.conf"), "hostssl all all 127.0.0.1/32 cert\nlocal all all trust\n", StandardCharsets.UTF_8);
        command(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", base.resolve("postgres.log").toString(), "-w", "-t", "60", "start"));
        Ports.awaitListening(port, Duration.ofSeconds(30), null);
    }

    /**
     * Puts {@code lines} first in pg_hba.conf (above the certificate rule, so they win for what they match) and
     * reloads the server's configuration.
     */
    public void hbaFirst(String... lines) {
        Path hba = base.resolve("data").resolve("pg_hba.conf");
        try {
            Files.writeString(hba, String.join("\n", lines) + "\n" + Files.readString(hba), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        psql("SELECT pg_reload_conf()");
        try {
            Thread.sleep(500); // the postmaster rereads the file when it handles the signal, just after this returns
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs SQL as the superuser over the unix socket. */
    public void psql(String sql) {
        command(List.of(bin.resolve("psql").toString(), "-h", base.resolve("sock").toString(), "-p", String.valueOf(port), "-U", "postgres",
                "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql));
    }

    public int port() {
        return port;
    }

    public String target() {
        return "127.0.0.1:" + port;
    }

    /** The server's log, for test failure messages. */
    public String log() {
        try {
            return Files.readString(base.resolve("postgres.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Path data = base.resolve("data");
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                command(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop"));
            } catch (RuntimeException e) {
                // already gone: the directory is removed below either way
            }
        }
        deleteTree(base);
    }

    private void command(List<String> command) {
        List<String> full = new ArrayList<>();
        if (runAs != null) {
            full.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        full.addAll(command);
        run(full, runAs, base);
    }

    private static void run(List<String> command, String runAs, Path base) {
        try {
            Path log = base.resolve("commands.log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).directory(base.toFile()).start();
            if (!p.waitFor(STEP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + STEP_LIMIT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (RuntimeException | LinkageError notUnix) {
            return false;
        }
    }

    /** 'nobody' where it exists, else a system user created for the tests. */
    private static String unprivilegedUser() {
        for (String user : List.of("nobody", "tls-doctor-pg")) {
            if (exitCode(List.of("id", "-u", user)) == 0) {
                return user;
            }
        }
        if (exitCode(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "tls-doctor-pg")) != 0) {
            throw new IllegalStateException("running as root and cannot create an unprivileged user for PostgreSQL");
        }
        return "tls-doctor-pg";
    }

    private static int exitCode(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
