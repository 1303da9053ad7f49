package dev.tlsdoctor.rules;

import dev.tlsdoctor.certs.OneLine;

/** A rule file that cannot be used; the message names the file and the problem in one line. */
public final class RuleFileException extends RuntimeException {
    public RuleFileException(String message) {
        super(OneLine.of(message)); // it quotes the file's values, which YAML lets span lines
    }
}
