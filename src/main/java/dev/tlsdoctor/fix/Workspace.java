package dev.tlsdoctor.fix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file operations a step may use while a repair is applied. New content is written beside its
 * target, with its final mode from the moment it exists (a key is never readable by others, not even
 * for an instant), synced, given the old file's owner, and renamed over the target in one step.
 */
public final class Workspace {
    private final Path dir;
    private final Path backup;

    Workspace(Path dir, Path backup) {
        this.dir = dir;
        this.backup = backup;
    }

    /** The backup this run made (where set-aside files stay). */
    public Path backup() {
        return backup;
    }

    /** Replaces (or creates) {@code target} with {@code content} and {@code mode}, atomically. */
    public void replace(Path target, byte[] content, int mode) throws IOException {
        Path staged = target.resolveSibling("." + target.getFileName() + ".tls-doctor-new");
        Files.deleteIfExists(staged); // a leftover of a run that was killed
        try (FileChannel out = FileChannel.open(staged, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(permissions(mode)))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.setPosixFilePermissions(staged, permissions(mode)); // the umask may have taken bits the mode asks for
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                keepOwner(target, staged);
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    public void chmod(Path file, int mode) throws IOException {
        Files.setPosixFilePermissions(file, permissions(mode));
    }

    /** Renames within the directory; refuses to replace a file that is there. */
    public void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Moves {@code file} out of the directory to {@code destination} (a new file), mode {@code mode}. */
    public void moveOut(Path file, Path destination, int mode) throws IOException {
        Path parent = destination.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(permissions(0700)));
        }
        chmod(file, mode); // before it leaves: the copy at the destination is never more open than this
        Files.move(file, destination);
    }

    /** Removes {@code file} from the directory; its copy stays in the backup. */
    public void setAside(Path file) throws IOException {
        if (!Files.isRegularFile(backup.resolve(file.getFileName()))) {
            throw new IOException("no backup copy of " + file + "; not removed");
        }
        Files.delete(file);
    }

    Path dir() {
        return dir;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        return PosixFilePermissions.fromString(FixModes.rwx(mode));
    }

    private static void keepOwner(Path from, Path to) throws IOException {
        Object uid = Files.getAttribute(from, "unix:uid");
        Object gid = Files.getAttribute(from, "unix:gid");
        if (!uid.equals(Files.getAttribute(to, "unix:uid"))) {
            Files.setAttribute(to, "unix:uid", uid);
        }
        if (!gid.equals(Files.getAttribute(to, "unix:gid"))) {
            Files.setAttribute(to, "unix:gid", gid);
        }
    }
}
