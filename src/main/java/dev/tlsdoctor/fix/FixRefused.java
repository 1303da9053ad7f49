package dev.tlsdoctor.fix;

/** A repair refused before anything was changed, with the one-line reason the user sees. */
public final class FixRefused extends RuntimeException {
    public FixRefused(String message) {
        super(message);
    }
}
