package dev.tlsdoctor.cli;

import dev.tlsdoctor.client.ClientUrlLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal.Signal;
import org.jline.terminal.Terminal.SignalHandler;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code tls-doctor} with no arguments. On a terminal: a jline shell with completion, persistent
 * history and session settings, where Ctrl-C cancels the running command and Ctrl-D leaves. With
 * input from a pipe or file: the same inputs run one after another, with no prompt.
 */
final class Repl {
    private static final String PROMPT = "tls-doctor> ";

    private Repl() {}

    static int start() {
        if (!Terminal.isInteractive()) {
            return piped(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        }
        try (org.jline.terminal.Terminal terminal = systemTerminal()) {
            return interactive(terminal, historyFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The terminal we run in, driven through stty ("exec" provider) rather than jline's native library:
     * loading that library is a restricted method on JDK 24+, which prints four WARNING lines at every
     * start unless the JVM is given --enable-native-access (which Java 17 does not know).
     */
    static org.jline.terminal.Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder().system(true).provider(TerminalBuilder.PROP_PROVIDER_EXEC).build();
    }

    /** The shell on {@code terminal}; history is kept in {@code history}. Returns when the user leaves. */
    static int interactive(org.jline.terminal.Terminal terminal, Path history) {
        ReplSession session = new ReplSession();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("tls-doctor")
                .parser(new PemAwareParser())
                .completer(new ReplCompleter(session))
                .history(new CommandHistory(session))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P > ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // a pasted "!" is text, not a history reference
                .build();
        session.confirmWith(question -> {
            try {
                return reader.readLine(question).strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
            } catch (UserInterruptException | EndOfFileException no) {
                return false;
            }
        });
        // Between prompts and commands Ctrl-C does nothing (the JVM's default would end the session);
        // readLine and a running command install their own handlers over this one.
        terminal.handle(Signal.INT, SignalHandler.SIG_IGN);
        PrintWriter out = terminal.writer();
        out.println("tls-doctor shell: type help, paste a PEM block or an error message; Ctrl-D leaves.");
        while (true) {
            String input;
            try {
                input = reader.readLine(PROMPT);
            } catch (UserInterruptException ctrlC) {
                continue; // Ctrl-C at the prompt clears the line, as in a shell
            } catch (EndOfFileException ctrlD) {
                return 0;
            }
            if (runCancellable(terminal, session, input) == ReplSession.EXIT) {
                return 0;
            }
        }
    }

    /** Runs one input on a worker thread; Ctrl-C abandons it and silences what it would still print. */
    private static int runCancellable(org.jline.terminal.Terminal terminal, ReplSession session, String input) {
        Gate gate = new Gate(terminal.writer());
        PrintWriter out = new PrintWriter(gate, true);
        FutureTask<Integer> task = new FutureTask<>(() -> session.execute(input, out, out));
        Thread worker = new Thread(task, "tls-doctor command");
        worker.setDaemon(true); // a command stuck in a read that ignores interrupts must not keep the JVM alive
        SignalHandler previous = terminal.handle(Signal.INT, signal -> {
            gate.close();
            task.cancel(true);
        });
        worker.start();
        try {
            return task.get();
        } catch (java.util.concurrent.CancellationException cancelled) {
            terminal.writer().println("^C cancelled");
            return 130;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (ExecutionException e) {
            terminal.writer().println("tls-doctor: internal error: " + e.getCause());
            return 3;
        } finally {
            terminal.handle(Signal.INT, previous);
            out.flush();
            terminal.writer().flush();
        }
    }

    /** Inputs from a pipe: a PEM block (BEGIN to END), or a run of lines that are not commands (a pasted error), or one command line. */
    static int piped(BufferedReader in, PrintWriter out, PrintWriter err) {
        ReplSession session = new ReplSession();
        int worst = 0;
        try {
            String line = in.readLine();
            while (line != null) {
                StringBuilder unit = new StringBuilder(line);
                String next = in.readLine();
                if (line.contains(ReplSession.PEM_BEGIN)) {
                    while (!PemAwareParser.complete(unit.toString()) && next != null) {
                        unit.append('\n').append(next);
                        next = in.readLine();
                    }
                } else if (!line.isBlank() && !session.isCommand(line)) {
                    while (next != null && !next.isBlank() && !session.isCommand(next) && !next.contains(ReplSession.PEM_BEGIN)) {
                        unit.append('\n').append(next);
                        next = in.readLine();
                    }
                }
                int code = session.execute(unit.toString(), out, err);
                if (code == ReplSession.EXIT) {
                    break;
                }
                worst = Math.max(worst, code);
                out.flush();
                err.flush();
                line = next;
            }
        } catch (IOException e) {
            err.println("tls-doctor: reading standard input: " + e.getMessage());
            return 3;
        }
        return worst;
    }

    /** $XDG_STATE_HOME/tls-doctor/history, else ~/.local/state/tls-doctor/history. */
    static Path historyFile() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path state = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        Path dir = state.resolve("tls-doctor");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            // no history then; the shell works without it
        }
        return dir.resolve("history");
    }

    /** A multi-line PEM paste is one input: the parser asks for more lines until every BEGIN has its END. */
    static final class PemAwareParser extends DefaultParser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && !complete(line)) {
                throw new EOFError(-1, -1, "PEM block without its END line", "pem");
            }
            return super.parse(line, cursor, context);
        }

        static boolean complete(String text) {
            return count(text, ReplSession.PEM_BEGIN) <= count(text, "-----END ");
        }

        private static int count(String text, String marker) {
            int n = 0;
            for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
                n++;
            }
            return n;
        }
    }

    /** History of commands only: pastes (PEM blocks, which may be private keys, and error texts) are not kept; passwords are masked. */
    static final class CommandHistory extends DefaultHistory {
        private final ReplSession session;

        CommandHistory(ReplSession session) {
            this.session = session;
        }

        @Override
        public void add(Instant time, String line) {
            if (session.isCommand(line) && !line.contains(ReplSession.PEM_BEGIN)) {
                super.add(time, ClientUrlLoader.mask(line));
            }
        }
    }

    /** A writer that forwards until closed, then drops everything: the output of a cancelled command. */
    static final class Gate extends Writer {
        private final Writer target;
        private volatile boolean open = true;

        Gate(Writer target) {
            this.target = target;
        }


        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            if (open) {
                target.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (open) {
                target.flush();
            }
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
