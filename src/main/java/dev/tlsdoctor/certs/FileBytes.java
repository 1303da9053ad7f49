package dev.tlsdoctor.certs;

import dev.tlsdoctor.certs.BadFileException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Reads a certificate or key file for inspection, refusing what cannot be one, with a clear reason. */
public final class FileBytes {
    /** Far above any real certificate chain or key; a larger file is something else and is not read whole. */
    public static final int MAX_BYTES = 1 << 20;

    private FileBytes() {}

    public static byte[] read(Path file) throws BadFileException {
        try {
            // one stat answers what opening would not (a FIFO or device could block, or never end); a certs dir has thousands of files
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new BadFileException(file, Kind.NOT_A_REGULAR_FILE, "is a directory, not a file");
            }
            if (!attributes.isRegularFile()) {
                throw new BadFileException(file, Kind.NOT_A_REGULAR_FILE, "not a regular file");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new BadFileException(file, Kind.TOO_LARGE, "larger than " + (MAX_BYTES >> 10) + " KiB, too large to be a certificate or key; not read");
            }
            if (bytes.length == 0) {
                throw new BadFileException(file, Kind.EMPTY, "empty file");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw Files.isSymbolicLink(file) ? new BadFileException(file, Kind.BROKEN_SYMLINK, "broken symbolic link")
                    : new BadFileException(file, Kind.MISSING, "no such file");
        } catch (AccessDeniedException e) {
            throw new BadFileException(file, Kind.PERMISSION_DENIED, "permission denied");
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            // ELOOP: the link leads back to itself (the JDK gives errno's words, which is all there is to go on)
            Kind kind = reason.startsWith("Too many levels of symbolic links") ? Kind.SYMLINK_LOOP : Kind.IO_ERROR;
            throw new BadFileException(file, kind, "cannot read: " + reason.toLowerCase(java.util.Locale.ROOT));
        } catch (IOException e) {
            throw new BadFileException(file, Kind.IO_ERROR, "cannot read: " + e.getMessage());
        }
    }
}
