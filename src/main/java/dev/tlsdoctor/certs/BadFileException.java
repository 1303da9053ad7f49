package dev.tlsdoctor.certs;

import java.nio.file.Path;

/** A file that cannot be used, with the reason in plain words (never its content). */
public final class BadFileException extends Exception {
    private final Path file;
    private final String reason;

    public BadFileException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
