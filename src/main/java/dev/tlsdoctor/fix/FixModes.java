package dev.tlsdoctor.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** File modes as the plan prints and the workspace sets them. */
final class FixModes {
    /** What cockroach cert writes (pkg/security/certs.go keyFileMode, certFileMode). */
    static final int KEY = 0600;
    static final int CERT = 0644;

    private FixModes() {}

    /** {@code 0600} → {@code rw-------}. */
    static String rwx(int mode) {
        StringBuilder out = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            out.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return out.toString();
    }

    static String octal(int mode) {
        return String.format("0%03o", mode);
    }

    /** The file's permission bits, or {@code fallback} when it is not there. */
    static int of(Path file, int fallback) {
        try {
            return ((Integer) Files.getAttribute(file, "unix:mode")) & 0777;
        } catch (IOException | UnsupportedOperationException e) {
            return fallback;
        }
    }
}
