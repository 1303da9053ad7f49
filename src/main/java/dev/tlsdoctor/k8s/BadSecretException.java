package dev.tlsdoctor.k8s;

/** What kubectl printed cannot be checked: the message names the document (and the Secret and key) and the problem, on one line. */
public final class BadSecretException extends Exception {
    public BadSecretException(String message) {
        super(message);
    }
}
