package dev.tlsdoctor.certs;

import java.nio.file.Path;

/** A file that cannot be used, with the reason in plain words (never its content), on one line. */
public final class BadFileException extends Exception {
    private final Path file;
    private final String reason;

    public BadFileException(Path file, String reason) {
        super(OneLine.of(file + ": " + reason));
        this.file = file;
        this.reason = OneLine.of(reason); // a parser's message may quote the file (BouncyCastle's "-----END … not found")
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
