package dev.tlsdoctor.fix;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code DIR/.tls-doctor-backup/<timestamp>/} (mode 0700): a copy of every file a repair touches, made
 * before the first change, and {@code manifest.json} saying how to put each back. A CA key moved out of
 * the directory is not copied (a copy would leave the key in the directory); the manifest records where
 * it went, and a restore moves it back.
 */
public final class Backup {
    public static final String DIR_NAME = ".tls-doctor-backup";
    static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * One file of the directory as it was.
     *
     * @param name its name in the certs directory
     * @param existed whether it was there (else the repair created it, and a restore removes it)
     * @param movedTo where a repair moved it out to, or null
     * @param mode its permission bits then (a moved file's mode is put back with it)
     */
    public record Entry(String name, boolean existed, String movedTo, int mode) {}

    record Manifest(String certsDir, List<Entry> entries) {}

    private final Path certsDir;
    private final Path path;
    private final List<Entry> entries;

    private Backup(Path certsDir, Path path, List<Entry> entries) {
        this.certsDir = certsDir;
        this.path = path;
        this.entries = entries;
    }

    public Path path() {
        return path;
    }

    /** Copies {@code touched} (files directly in {@code dir}) into a new backup; {@code movedOut} files are only recorded. */
    static Backup create(Path dir, List<Path> touched, java.util.Map<Path, Path> movedOut, Instant now) throws IOException {
        Path root = dir.resolve(DIR_NAME);
        if (!Files.isDirectory(root)) {
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(Workspace.permissions(0700)));
        }
        Path path = root.resolve(STAMP.format(now));
        for (int n = 1; Files.exists(path, LinkOption.NOFOLLOW_LINKS); n++) {
            path = root.resolve(STAMP.format(now) + "-" + n);
        }
        Files.createDirectory(path, PosixFilePermissions.asFileAttribute(Workspace.permissions(0700)));
        Files.setPosixFilePermissions(path, Workspace.permissions(0700));
        List<Entry> entries = new ArrayList<>();
        for (Path file : touched) {
            String name = file.getFileName().toString();
            if (entries.stream().anyMatch(e -> e.name().equals(name))) {
                continue;
            }
            Path destination = movedOut.get(file);
            boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (existed && destination == null) {
                Files.copy(file, path.resolve(name), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
            entries.add(new Entry(name, existed, destination == null ? null : destination.toAbsolutePath().toString(), FixModes.of(file, 0)));
        }
        Backup backup = new Backup(dir, path, entries);
        JSON.writerWithDefaultPrettyPrinter().writeValue(path.resolve(MANIFEST).toFile(), new Manifest(dir.toAbsolutePath().toString(), entries));
        return backup;
    }

    /** Reads a backup made by an earlier run. */
    public static Backup open(Path path) {
        Path manifest = path.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new FixRefused(path + ": not a tls-doctor backup (no " + MANIFEST + ")");
        }
        try {
            Manifest m = JSON.readValue(manifest.toFile(), Manifest.class);
            // the backup sits in DIR/.tls-doctor-backup/<timestamp>: DIR is where it goes back, even if the directory was moved
            Path dir = path.toAbsolutePath().getParent().getParent();
            for (Entry e : m.entries()) {
                if (e.name().contains("/") || e.name().startsWith("..")) {
                    throw new FixRefused(manifest + ": entry '" + e.name() + "' is not a file name");
                }
            }
            return new Backup(dir, path, m.entries());
        } catch (IOException e) {
            throw new FixRefused(manifest + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /** The certs directory the backup belongs to. */
    public Path certsDir() {
        return certsDir;
    }

    /** Puts every file back as it was: copies back, removes what the repair created, moves back what it moved out. */
    public void restore() throws IOException {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            Path target = certsDir.resolve(e.name());
            if (e.movedTo() != null) {
                Path moved = Path.of(e.movedTo());
                if (Files.exists(moved, LinkOption.NOFOLLOW_LINKS) && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(moved, target); // possibly from another file system: not atomic, but never lost
                }
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) { // also when the move failed after the mode was set
                    Files.setPosixFilePermissions(target, Workspace.permissions(e.mode()));
                }
            } else if (e.existed()) {
                Path staged = target.resolveSibling("." + e.name() + ".tls-doctor-new");
                Files.deleteIfExists(staged);
                Files.copy(path.resolve(e.name()), staged, StandardCopyOption.COPY_ATTRIBUTES);
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(target);
            }
        }
    }

    /** Removes this backup (after a failed run was rolled back: the directory is then exactly as before). */
    void discard() throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Path root = path.getParent();
        try (Stream<Path> left = Files.list(root)) {
            if (left.findAny().isEmpty()) {
                Files.delete(root);
            }
        }
    }
}
