package dev.tlsdoctor.certs;

import java.nio.file.Path;

/**
 * The private key that belongs with a certificate.
 *
 * @param file where CockroachDB looks for it (the certificate's name with {@code .key}), or where it came from
 * @param exists whether a file is there (following symbolic links)
 * @param regularFile whether it is a regular file (CockroachDB requires one)
 * @param permissions its mode and owner, or null where unknown (no POSIX, not present)
 * @param parsed the key, or null when missing or unreadable (an {@link UnreadableFile} then says why)
 */
public record KeyFacts(Path file, boolean exists, boolean regularFile, FilePermissions permissions, ParsedKey parsed) {}
