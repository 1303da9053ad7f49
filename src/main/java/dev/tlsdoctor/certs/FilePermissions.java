package dev.tlsdoctor.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/** A file's permission bits and owner, following symbolic links as CockroachDB's stat does. */
public record FilePermissions(int mode, long ownerUid, long groupGid) {

    /**
     * What one stat says of a file, following links.
     *
     * @param permissions null where the platform has no POSIX permissions
     */
    record Stat(boolean regularFile, long size, FilePermissions permissions) {}

    /** @throws IOException when the file cannot be looked at (absent, a dangling link, a directory that may not be searched) */
    static Stat stat(Path file) throws IOException {
        try {
            Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,uid,gid,isRegularFile,size"); // one stat, not several
            return new Stat((Boolean) attrs.get("isRegularFile"), (Long) attrs.get("size"),
                    new FilePermissions((Integer) attrs.get("mode") & 0777, ((Number) attrs.get("uid")).longValue(), ((Number) attrs.get("gid")).longValue()));
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stat(basic.isRegularFile(), basic.size(), null);
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
