package dev.tlsdoctor.certs;

import dev.tlsdoctor.certs.BadFileException.Kind;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Walks a directory tree and hands over every entry that is not a directory, in a stable order (each
 * directory's names sorted). Symbolic links are followed, but no directory is entered twice: a link
 * back to a directory that contains it is reported as a loop, and a second way into a directory
 * already walked is not taken. Only the directories on the current path are held, so big trees stream.
 */
public final class CertTree {
    /** What the walk meets. */
    public interface Visitor {
        /** An entry that is not a directory (a file, a FIFO, a broken or looping link): the visitor reads it, or fails to. */
        void file(Path file);

        /** An entry the walk could not go into: a link loop, a directory it may not list. */
        void failed(BadFileException problem);
    }

    /** A directory being listed: its remaining entries, and the way back up for loop detection. */
    private record Open(Path dir, Object key, Open parent, Iterator<Path> entries) {
        Open containing(Object otherKey) {
            for (Open d = this; d != null; d = d.parent) {
                if (d.key.equals(otherKey)) {
                    return d;
                }
            }
            return null;
        }
    }

    private CertTree() {}

    /** @throws BadFileException when {@code root} is not a directory that can be listed */
    public static void walk(Path root, Visitor visitor) throws BadFileException {
        BasicFileAttributes rootAttributes;
        try {
            rootAttributes = Files.readAttributes(root, BasicFileAttributes.class);
        } catch (IOException e) {
            throw problem(root, e, "");
        }
        if (!rootAttributes.isDirectory()) {
            throw new BadFileException(root, Kind.NOT_A_REGULAR_FILE, "not a directory");
        }
        Object rootKey = key(root, rootAttributes);
        Set<Object> walked = new HashSet<>(Set.of(rootKey));
        Deque<Open> path = new ArrayDeque<>();
        path.push(new Open(root, rootKey, null, entries(root)));
        while (!path.isEmpty()) {
            Open current = path.peek();
            if (!current.entries().hasNext()) {
                path.pop();
                continue;
            }
            Path entry = current.entries().next();
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class);
            } catch (IOException brokenOrLooping) {
                visitor.file(entry); // reading it says which, as for any file
                continue;
            }
            if (!attributes.isDirectory()) {
                visitor.file(entry);
                continue;
            }
            Object key = key(entry, attributes);
            Open ancestor = current.containing(key);
            if (ancestor != null) {
                visitor.failed(new BadFileException(entry, Kind.SYMLINK_LOOP, "leads back to " + ancestor.dir() + ", which contains it; not followed"));
            } else if (walked.add(key)) {
                try {
                    path.push(new Open(entry, key, current, entries(entry)));
                } catch (BadFileException unlistable) {
                    visitor.failed(unlistable);
                }
            }
        }
    }

    /** What identifies a directory however it is reached: its file key (device and inode), else its real path. */
    private static Object key(Path dir, BasicFileAttributes attributes) throws BadFileException {
        if (attributes.fileKey() != null) {
            return attributes.fileKey();
        }
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw problem(dir, e, "");
        }
    }

    private static Iterator<Path> entries(Path dir) throws BadFileException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.forEach(entries::add);
        } catch (IOException | RuntimeException e) { // DirectoryIteratorException is the runtime form of an IOException
            throw problem(dir, e, " (directory not walked)");
        }
        entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return entries.iterator();
    }

    private static BadFileException problem(Path dir, Exception e, String consequence) {
        Throwable cause = e.getCause() instanceof IOException io ? io : e;
        if (cause instanceof NoSuchFileException) {
            return new BadFileException(dir, Kind.MISSING, "no such directory");
        }
        if (cause instanceof AccessDeniedException) {
            return new BadFileException(dir, Kind.PERMISSION_DENIED, "permission denied" + consequence);
        }
        return new BadFileException(dir, Kind.IO_ERROR, "cannot list: " + cause.getMessage() + consequence);
    }
}
