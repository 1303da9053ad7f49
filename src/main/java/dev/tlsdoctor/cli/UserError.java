package dev.tlsdoctor.cli;

/** A problem with what the user asked for or gave us: printed as one line, exit 3 (UNKNOWN: could not check). */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
