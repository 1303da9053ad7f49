package dev.tlsdoctor.certs;

import java.nio.file.Path;
import java.util.Locale;

/** A file that cannot be used, with the reason in plain words (never its content) on one line, and its kind. */
public final class BadFileException extends Exception {
    /** What kind of problem, for counting; {@link #label()} is its public name in {@code check --recursive}'s output. */
    public enum Kind {
        /** Damaged certificate data: truncated or garbled PEM, DER that does not parse, a key pasted in among the certificates. */
        MALFORMED,
        /** Holds no certificate at all: other text, other binary data, other PEM blocks. */
        NOT_A_CERTIFICATE,
        EMPTY,
        TOO_LARGE,
        /** A directory where a file was expected, a FIFO, a device, a socket. */
        NOT_A_REGULAR_FILE,
        MISSING,
        BROKEN_SYMLINK,
        /** A symbolic link that leads back to itself or to a directory that contains it. */
        SYMLINK_LOOP,
        PERMISSION_DENIED,
        /** Any other failure to read. */
        IO_ERROR,
        /** A PKCS#12 file or Java key store whose password is needed and was not given. */
        PASSWORD_NEEDED,
        /** A PKCS#12 file or Java key store that the password given does not open. */
        WRONG_PASSWORD,
        /** A bug of ours met while examining the file: reported for that file, never fatal to a run over many. */
        INTERNAL_ERROR;

        /** Whether the user can fix it by giving another password: one error for the run (exit 3), not a finding about the file. */
        public boolean isPassword() {
            return this == PASSWORD_NEEDED || this == WRONG_PASSWORD;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Path file;
    private final Kind kind;
    private final String reason;

    public BadFileException(Path file, String reason) {
        this(file, Kind.MALFORMED, reason);
    }

    public BadFileException(Path file, Kind kind, String reason) {
        super(OneLine.of(file + ": " + reason));
        this.file = file;
        this.kind = kind;
        this.reason = OneLine.of(reason); // a parser's message may quote the file (BouncyCastle's "-----END … not found")
    }

    public Path file() {
        return file;
    }

    public Kind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }
}
