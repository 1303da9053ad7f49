package dev.tlsdoctor.certs;

import dev.tlsdoctor.common.Evidence;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** A certs directory on disk. */
record DiskCertsDir(Path dir) implements CertsDirFiles {

    @Override
    public Set<String> names() throws BadFileException {
        if (!Files.exists(dir)) {
            throw new BadFileException(dir, "no such certs directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadFileException(dir, "not a directory (give --certs-dir a directory, or the file itself as an argument)");
        }
        String[] listed = dir.toFile().list(); // names only: Files.list makes a Path of each, which a 10,000-certificate dir notices
        if (listed != null) {
            return new TreeSet<>(Arrays.asList(listed));
        }
        try (Stream<Path> listing = Files.list(dir)) { // File.list gives no reason for failing; this tells which
            Set<String> names = new TreeSet<>();
            listing.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        } catch (AccessDeniedException e) {
            throw new BadFileException(dir, "permission denied listing the certs directory");
        } catch (NoSuchFileException e) {
            throw new BadFileException(dir, "no such certs directory");
        } catch (IOException e) {
            throw new BadFileException(dir, "cannot list the certs directory: " + e.getMessage());
        }
    }

    @Override
    public Path path(String name) {
        return dir.resolve(name);
    }

    @Override
    public boolean isDirectory(String name) {
        return Files.isDirectory(dir.resolve(name));
    }

    @Override
    public boolean isRegularFile(String name) {
        return Files.isRegularFile(dir.resolve(name));
    }

    @Override
    public byte[] read(String name) throws BadFileException {
        return FileBytes.read(dir.resolve(name));
    }

    @Override
    public KeyFacts key(String name, boolean pemOnly, List<Evidence> problems) {
        return CertsDirLoader.keyFacts(dir.resolve(name), pemOnly, problems);
    }

    @Override
    public ClientKey clientKey(String name, String use, KeyReader reader) {
        return ClientKey.read(dir.resolve(name), use, reader);
    }

    @Override
    public CertKeeper keeper() {
        return null;
    }
}
