package dev.tlsdoctor.fix;

import dev.tlsdoctor.certs.FilePermissions;
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
        return FilePermissions.goModeString(mode).substring(1); // without Go's file-type letter
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
