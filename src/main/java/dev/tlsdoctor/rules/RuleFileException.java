package dev.tlsdoctor.rules;

/** A rule file that cannot be used; the message names the file and the problem in one line. */
public final class RuleFileException extends RuntimeException {
    public RuleFileException(String message) {
        super(message);
    }
}
