package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.pki.Pki;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL driven as a person would: keystrokes into jline's virtual terminal (ExternalTerminal, with a
 * real line discipline, so Tab, Ctrl-C and Ctrl-D act as on a terminal), assertions on the screen text.
 */
@Timeout(60)
class ReplTest {
    private Session session;

    /** A REPL on a virtual 120x40 terminal; {@link #type} sends keys, {@link #screen} is all it printed, escapes removed. */
    private static final class Session implements AutoCloseable {
        final PipedOutputStream keys = new PipedOutputStream();
        final ByteArrayOutputStream shown = new ByteArrayOutputStream();
        final ExternalTerminal terminal;
        final CompletableFuture<Integer> exit;

        Session(Path history) throws IOException {
            terminal = new ExternalTerminal("test", "xterm", new PipedInputStream(keys, 1 << 16), synced(shown), StandardCharsets.UTF_8);
            terminal.setSize(new org.jline.terminal.Size(120, 40));
            exit = CompletableFuture.supplyAsync(() -> Repl.interactive(terminal, history));
        }

        private static OutputStream synced(ByteArrayOutputStream out) {
            return new OutputStream() {
                public void write(int b) {
                    synchronized (out) {
                        out.write(b);
                    }
                }

                public void write(byte[] b, int off, int len) {
                    synchronized (out) {
                        out.write(b, off, len);
                    }
                }
            };
        }

        void type(String keys) throws IOException {
            this.keys.write(keys.getBytes(StandardCharsets.UTF_8));
            this.keys.flush();
        }

        String screen() {
            String raw;
            synchronized (shown) {
                raw = shown.toString(StandardCharsets.UTF_8);
            }
            return raw.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[=>]|\u001b\\][^\u0007]*\u0007", "").replace("\r", "");
        }

        /** Waits until the screen (after {@code from} characters) shows {@code text}. */
        String await(String text, int from) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                String screen = screen();
                if (screen.length() > from && screen.substring(from).contains(text)) {
                    return screen.substring(from);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the screen never showed '" + text + "':\n" + screen().substring(Math.min(from, screen().length())));
        }

        int mark() {
            return screen().length();
        }

        @Override
        public void close() throws IOException {
            terminal.close();
        }
    }

    /** A healthy certs dir {@code name} in {@code dir}, and a shell at its prompt. */
    private Path healthyCertsAndShell(Path dir, String name) throws Exception {
        Path certs = Files.createDirectories(dir.resolve(name));
        CertsDirs.healthyNode(certs);
        session = new Session(dir.resolve("history"));
        session.await("tls-doctor> ", 0);
        return certs;
    }

    @AfterEach
    void close() throws IOException {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void tabCompletesCommandsOptionsFilesAndRuleIds(@TempDir Path dir) throws Exception {
        Path certs = healthyCertsAndShell(dir, "node-certs");
        int mark = session.mark();
        session.type("rul\t");
        session.await("rules ", mark);
        session.type("key-mi\t");
        session.await("key-mismatch", mark);
        session.type("\r");
        session.await("key-mismatch (error): The private key does not belong to the certificate", mark);

        mark = session.mark();
        session.type("check --certs\t" + dir + "/node-c\t");
        session.await("check --certs-dir " + certs + "/", mark);
        session.type(" --for\t");
        session.await("--format ", mark);
        session.type("nag\t\r");
        session.await("TLS-DOCTOR OK - 3 certificates", mark);
    }

    @Test
    void settingsBecomeDefaultsAndHostsComplete(@TempDir Path dir) throws Exception {
        CertsDirs.healthyNode(dir);
        session = new Session(dir.resolve("history"));
        session.await("tls-doctor> ", 0);
        int mark = session.mark();
        session.type("set certs-dir " + dir + "\r");
        session.type("set host db.example.com\r");
        session.type("show settings\r");
        session.await("host         db.example.com", mark);
        mark = session.mark();
        session.type("check\r");
        String out = session.await("CRITICAL", mark);
        assertTrue(out.contains("is not valid for the host name db.example.com"), out);
        mark = session.mark();
        session.type("check --host db\t");
        session.await("check --host db.example.com", mark);
    }

    @Test
    void historyPersistsCommandsButNotPastes(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("history");
        session = new Session(history);
        session.await("tls-doctor> ", 0);
        session.type("rules expired\r");
        int mark = session.mark();
        session.type("explain --url 'postgresql://root:hunter2@db:26257/x?sslmode=disable' 'node is running secure mode, SSL connection required'\r");
        session.await("sslmode", mark);
        mark = session.mark();
        session.type("x509: certificate signed by unknown authority\r");
        session.await("unknown-authority", mark);
        session.type("\u0004"); // Ctrl-D leaves
        assertEquals(0, session.exit.get(10, TimeUnit.SECONDS));
        session.close();

        String saved = Files.readString(history);
        assertTrue(saved.contains("rules expired"), saved);
        assertTrue(saved.contains("root:****@db"), saved);
        assertFalse(saved.contains("hunter2"), saved);
        assertFalse(saved.contains("x509"), "pasted errors are not commands: " + saved);

        session = new Session(history);
        session.await("tls-doctor> ", 0);
        int fresh = session.mark();
        session.type("\u001bOA\u001bOA"); // Up, Up (xterm's key codes): the command before the last
        session.await("rules expired", fresh);
    }

    @Test
    void pastedPemBlockIsInspectedAndPastedKeyNeverKept(@TempDir Path dir) throws Exception {
        Pki.Issued ca = Pki.ca("Pasted CA").build();
        Pki.Issued leaf = ca.issue("pasted-node").sans("node7.example.com").serverAuth().build();
        Path history = dir.resolve("history");
        session = new Session(history);
        session.await("tls-doctor> ", 0);
        int mark = session.mark();
        session.type(leaf.certPem().replace("\n", "\r"));
        String out = session.await("SHA-256:", mark);
        assertTrue(out.contains("subject:      CN=pasted-node"), out);
        assertTrue(out.contains("SANs:         DNS:node7.example.com"), out);
        mark = session.mark();
        session.type(leaf.keyPem().replace("\n", "\r"));
        out = session.await("contents never shown", mark);
        String keyBody = leaf.keyPem().lines().skip(1).findFirst().orElseThrow();
        assertFalse(out.substring(out.indexOf("contents never shown")).contains(keyBody), "inspect must not print key material");
        session.type("\u0004");
        session.exit.get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(history) && Files.readString(history).contains("PRIVATE KEY"), "a pasted key in the history file");
    }

    @Test
    void ctrlCCancelsTheRunningCommandNotTheSession(@TempDir Path dir) throws Exception {
        CertsDirs.healthyNode(dir);
        // An OCSP responder that accepts and never answers: the command waits for its 60 s timeout.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread accepter = new Thread(() -> {
            try {
                silent.accept();
            } catch (IOException closed) {
                // the test is over
            }
        });
        accepter.setDaemon(true);
        accepter.start();
            session = new Session(dir.resolve("history"));
            session.await("tls-doctor> ", 0);
            int mark = session.mark();
            session.type("ocsp " + dir.resolve("node.crt") + " --issuer " + dir.resolve("ca.crt")
                    + " --url http://127.0.0.1:" + silent.getLocalPort() + "/ --timeout 60s\r");
            Thread.sleep(500);
            session.type("\u0003"); // Ctrl-C
            session.await("^C cancelled", mark);
            mark = session.mark();
            session.type("rules weak-key\r");
            session.await("weak-key (warning)", mark);
            assertFalse(session.exit.isDone(), "the session goes on");
            mark = session.mark();
            session.type("rules expi");
            session.await("rules expi", mark); // typed and shown: now in the line editor's buffer
            session.type("\u0003"); // Ctrl-C at the prompt only drops the line typed so far
            session.await("^C", mark);
            mark = session.mark();
            session.type("exit\r");
            try {
                assertEquals(0, session.exit.get(10, TimeUnit.SECONDS));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("exit did not leave; the screen shows:\n" + session.screen(), e);
            }
        }
    }

    @Test
    void pipedCommandsRunWithoutPrompts(@TempDir Path dir) throws Exception {
        CertsDirs.healthyNode(dir);
        Pki.Issued ca = Pki.ca("Piped CA").build();
        String input = "set certs-dir " + dir + "\n"
                + "check --format nagios --host localhost\n"
                + "psql: error: connection to server at \"db\" (10.0.0.1), port 26257 failed:\n"
                + "  SSL SYSCALL error: EOF detected\n"
                + "\n"
                + ca.certPem()
                + "rules tenant-id\n";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Repl.piped(new BufferedReader(new StringReader(input)), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertFalse(out.toString().contains("tls-doctor>"), "no prompt noise");
        assertTrue(out.toString().startsWith("TLS-DOCTOR OK - 3 certificates"), out.toString());
        assertTrue(out.toString().contains("1. connection-eof (confidence 1.00)"), out.toString());
        assertTrue(out.toString().contains("subject:      CN=Piped CA"), out.toString());
        assertTrue(out.toString().contains("tenant-id (error)"), out.toString());
        assertTrue(err.toString().isEmpty(), err.toString());
    }

    @Test
    void pipedWorstExitCodeAndUnknownInput() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Repl.piped(new BufferedReader(new StringReader("rules\nhello there\n")), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(3, code);
        assertTrue(err.toString().contains("'hello' is not a command, a PEM block or an error message"), err.toString());
    }

    @Test
    void helpListsCommandsAndSessionWords(@TempDir Path dir) throws Exception {
        session = new Session(dir.resolve("history"));
        session.await("tls-doctor> ", 0);
        int mark = session.mark();
        session.type("help\r");
        String out = session.await("Ctrl-C cancels", mark);
        for (String word : java.util.List.of("check", "inspect", "rules", "explain", "report", "set <option> <value>")) {
            assertTrue(out.contains(word), word + " in " + out);
        }
        assertFalse(out.contains("%n"), "picocli's line-break code is formatted, not shown:\n" + out);
        // each command's line is a whole sentence (before: explain's stopped at "Node.js," and help's was "%nWhen no COMMAND…")
        String explain = out.substring(out.indexOf("  explain "), out.indexOf("  report "));
        assertTrue(explain.strip().endsWith("with the fix."), explain);
        assertTrue(out.contains("  help      Display help information about the specified command."), out);
        mark = session.mark();
        session.type("help explain\r");
        session.await("--certs-dir=DIR", mark);
    }

    /**
     * Quotes and backslashes group words as in a shell; they are not part of the argument. Before, the
     * shell looked for a directory named {@code "…a b"} with the quotes, and found none.
     */
    @Test
    void quotedArgumentsAreWordsWithoutTheirQuotes(@TempDir Path dir) throws Exception {
        Path certs = healthyCertsAndShell(dir, "a b");
        for (String quoted : java.util.List.of("\"" + certs + "\"", "'" + certs + "'", certs.toString().replace(" ", "\\ "))) {
            int mark = session.mark();
            session.type("check --format nagios --certs-dir " + quoted + "\r");
            session.await("TLS-DOCTOR OK - 3 certificates", mark);
            mark = session.mark();
            session.type("check --format nagios --certs-dir=" + quoted + "\r"); // a quote that starts inside the word
            session.await("TLS-DOCTOR OK - 3 certificates", mark);
        }
        int mark = session.mark();
        session.type("set certs-dir \"" + certs + "\"\rcheck --format nagios\r");
        session.await("TLS-DOCTOR OK - 3 certificates", mark);
        mark = session.mark();
        session.type("check --certs-dir \"" + certs + "\r");
        session.await("tls-doctor: unclosed \" quote", mark);
    }

    /** The README's quoted examples work at the prompt as in a shell: a URL in single quotes, an error text in double quotes. */
    @Test
    void theReadmesQuotedExamplesRunAsInAShell() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String input = "explain \"x509: certificate signed by unknown authority\"\n"
                + "connect --url 'postgresql://root@127.0.0.1:1/defaultdb?sslmode=verify-full&sslrootcert=/nonexistent/ca.crt'\n";
        Repl.piped(new BufferedReader(new StringReader(input)), new PrintWriter(out, true), new PrintWriter(err, true));
        assertTrue(out.toString().contains("1. unknown-authority"), out.toString());
        assertFalse((out.toString() + err).contains("'postgresql"), "the quotes are not part of the URL:\n" + out + err);
        assertTrue((out.toString() + err).contains("/nonexistent/ca.crt"), out.toString() + err);
    }

    /** On JDK 24+ (here 25), the shell starts without the JVM's native-access warnings jline's native library caused. */
    @Test
    void shellStartsOnJdk25WithoutNativeAccessWarnings() throws Exception {
        Path java25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java25), "the team's JDK 25 is at " + java25);
        // script(1) gives the shell a real pseudo-terminal, as a user's terminal is
        String command = java25 + " -cp " + System.getProperty("java.class.path") + " dev.tlsdoctor.cli.Main";
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true).start();
        p.getOutputStream().write("exit\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the shell did not leave on exit");
        String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shown.contains("tls-doctor shell:"), shown);
        assertFalse(shown.contains("WARNING"), shown);
    }

    @Test
    void fixShowsThePlanAndAsksBeforeApplying(@TempDir Path dir) throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        CertsDirs.healthyNode(certs);
        Files.setPosixFilePermissions(certs.resolve("node.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        session = new Session(dir.resolve("history"));
        session.await("tls-doctor> ", 0);
        int mark = session.mark();
        session.type("fix --certs-dir " + certs + "\r");
        String plan = session.await("Apply this step to " + certs + "? [y/N] ", mark);
        assertTrue(plan.contains("chmod "), plan);
        session.type("n\r");
        session.await("Nothing changed.", mark);
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve("node.key"))));

        mark = session.mark();
        session.type("fix --certs-dir " + certs + "\r");
        session.await("? [y/N] ", mark);
        session.type("y\r");
        session.await("After (checked again): no findings", mark);
        assertFalse(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.resolve("node.key"))).contains("r--r--"));
    }

    @Test
    void pipedFixWithoutApplyChangesNothing(@TempDir Path dir) throws Exception {
        CertsDirs.healthyNode(dir);
        Files.setPosixFilePermissions(dir.resolve("node.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Repl.piped(new BufferedReader(new StringReader("fix --certs-dir " + dir + "\n")), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(3, code, out + "" + err);
        assertEquals("tls-doctor: the shell has no terminal to confirm on; nothing changed (run fix --apply to apply the plan)", err.toString().strip());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("node.key"))));

        code = Repl.piped(new BufferedReader(new StringReader("fix --certs-dir " + dir + " --apply\n")), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, out + "" + err);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("node.key"))).replace("rw-r-----", "rw-------"));
    }
}
