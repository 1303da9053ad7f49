package dev.tlsdoctor.certs;

import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The password of PKCS#12 files and Java key stores: from {@code --password-file FILE}, else the
 * {@value #VARIABLE} environment variable, else asked on the terminal (when there is one), never from
 * the command line. One password for a run, asked for at most once, and never printed or logged.
 */
public final class Passwords {
    public static final String VARIABLE = "TLS_DOCTOR_PASSWORD";
    /** How to give a password, for the errors that ask for one. */
    public static final String HOW = "give it with --password-file FILE or the " + VARIABLE + " environment variable";

    private final Path file;
    private final String variable;
    private final boolean askTerminal;
    private char[] known;
    private boolean looked;

    Passwords(Path file, String variable, boolean askTerminal) {
        this.file = file;
        this.variable = variable;
        this.askTerminal = askTerminal;
    }

    /** {@code --password-file} when given, else the environment variable, else the terminal. */
    public static Passwords of(Path passwordFile) {
        return new Passwords(passwordFile, System.getenv(VARIABLE), true);
    }

    /** No password at all: containers are read as far as they can be without one. */
    public static Passwords none() {
        return new Passwords(null, null, false);
    }

    /**
     * The password, or null when none was given and no terminal can ask for one.
     *
     * @param container the file it is wanted for, named in the terminal's prompt
     * @throws BadFileException when the password file cannot be read
     */
    public synchronized char[] get(Path container) throws BadFileException {
        if (!looked) {
            looked = true;
            known = look(container);
        }
        return known == null ? null : known.clone();
    }

    private char[] look(Path container) throws BadFileException {
        if (file != null) {
            // the first line, as openssl's -passin file: reads it; the file is the user's and is only read
            String text = new String(FileBytes.read(file), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
        }
        if (variable != null) {
            return variable.toCharArray();
        }
        Console console = askTerminal ? System.console() : null;
        return console == null ? null : console.readPassword("Password for %s: ", OneLine.of(container.toString()));
    }
}
