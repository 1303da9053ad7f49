package dev.tlsdoctor.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file's permission bits and owner, following symbolic links as CockroachDB's stat does. */
public record FilePermissions(int mode, long ownerUid, long groupGid) {

    /** Reads them, or returns null where the platform has no POSIX permissions (CockroachDB skips the check there). */
    public static FilePermissions of(Path file) {
        try {
            java.util.Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,uid,gid"); // one stat, not three
            return new FilePermissions((Integer) attrs.get("mode") & 0777, ((Number) attrs.get("uid")).longValue(),
                    ((Number) attrs.get("gid")).longValue());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Go's FileMode string for a regular file, e.g. {@code -rw-r--r--}, as CockroachDB prints it. */
    public static String goModeString(int mode) {
        StringBuilder out = new StringBuilder("-");
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            out.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return out.toString();
    }
}
