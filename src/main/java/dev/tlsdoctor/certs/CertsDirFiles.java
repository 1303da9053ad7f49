package dev.tlsdoctor.certs;

import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The files of a certs directory as {@link CertsDirLoader} reads them: a directory on disk, or a directory
 * as a pod sees it that exists only in memory (a Kubernetes Secret's entries). Names are the names
 * CockroachDB sees ({@code ca.crt}, {@code node.key}); {@link #path} is what findings call the file.
 */
public interface CertsDirFiles {

    /** The directory findings about the directory as a whole name. */
    Path dir();

    /** Every entry's name. @throws BadFileException when the directory cannot be listed (nothing can be checked) */
    Set<String> names() throws BadFileException;

    /** What evidence and findings call the entry {@code name}. */
    Path path(String name);

    boolean isDirectory(String name);

    boolean isRegularFile(String name);

    /** The entry's bytes. @throws BadFileException naming {@link #path} and why it cannot be read */
    byte[] read(String name) throws BadFileException;

    /**
     * Facts about the key {@code name}; a key that is there but cannot be read is added to {@code problems}, as is a
     * DER key when {@code pemOnly} (CockroachDB reads keys from a certs dir as PEM only).
     */
    KeyFacts key(String name, boolean pemOnly, List<Evidence> problems);

    /** The key {@code name} as a client program of kind {@code reader} will read it. */
    ClientKey clientKey(String name, String use, KeyReader reader);

    /** Where the certificates live when that is not this directory on disk (so fixes change them there), else null. */
    CertKeeper keeper();
}
