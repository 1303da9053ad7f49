package dev.tlsdoctor.certs;

import dev.tlsdoctor.certs.BadFileException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

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
            return readRegular(file, attributes.size());
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /**
     * Reads a file already known to be a regular file, {@code sizeHint} bytes long when it was looked at.
     * The size saves the stream's own size and position calls: a certs dir has thousands of files.
     */
    static byte[] readRegular(Path file, long sizeHint) throws BadFileException {
        byte[] bytes = new byte[(int) Math.min(MAX_BYTES + 1, Math.max(sizeHint + 1, 512))];
        int length = 0;
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (length <= MAX_BYTES) {
                if (length == bytes.length) { // the file grew since it was looked at
                    bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_BYTES + 1, 2L * bytes.length));
                    buffer = ByteBuffer.wrap(bytes, length, bytes.length - length);
                }
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        if (length > MAX_BYTES) {
            throw new BadFileException(file, Kind.TOO_LARGE, "larger than " + (MAX_BYTES >> 10) + " KiB, too large to be a certificate or key; not read");
        }
        if (length == 0) {
            throw new BadFileException(file, Kind.EMPTY, "empty file");
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private static BadFileException missing(Path file) {
        return Files.isSymbolicLink(file) ? new BadFileException(file, Kind.BROKEN_SYMLINK, "broken symbolic link")
                : new BadFileException(file, Kind.MISSING, "no such file");
    }

    private static BadFileException unreadable(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new BadFileException(file, Kind.PERMISSION_DENIED, "permission denied");
        }
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
            // ELOOP: the link leads back to itself (the JDK gives errno's words, which is all there is to go on)
            Kind kind = reason.startsWith("Too many levels of symbolic links") ? Kind.SYMLINK_LOOP : Kind.IO_ERROR;
            return new BadFileException(file, kind, "cannot read: " + reason.toLowerCase(java.util.Locale.ROOT));
        }
        return new BadFileException(file, Kind.IO_ERROR, "cannot read: " + e.getMessage());
    }
}
