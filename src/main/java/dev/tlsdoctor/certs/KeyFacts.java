package dev.tlsdoctor.certs;

import java.nio.file.Path;
import java.util.List;

/**
 * The private key that belongs with a certificate.
 *
 * @param file where CockroachDB looks for it (the certificate's name with {@code .key}), or where it came from
 * @param exists whether a file is there (following symbolic links)
 * @param regularFile whether it is a regular file (CockroachDB requires one)
 * @param permissions its mode and owner, or null where unknown (no POSIX, not present)
 * @param parsed the key, or null when missing or unreadable (an {@link UnreadableFile} then says why)
 * @param pkcs8Copy the PKCS#8 DER copy Java clients read ({@code client.<user>.key.pk8}), or null; when it is no
 *     key, the {@link ClientKey} read from the same file carries the reason (rule key-format)
 */
public record KeyFacts(Path file, boolean exists, boolean regularFile, FilePermissions permissions, ParsedKey parsed, KeyFacts pkcs8Copy) {

    public KeyFacts(Path file, boolean exists, boolean regularFile, FilePermissions permissions, ParsedKey parsed) {
        this(file, exists, regularFile, permissions, parsed, null);
    }

    public KeyFacts withPkcs8Copy(KeyFacts copy) {
        return new KeyFacts(file, exists, regularFile, permissions, parsed, copy);
    }

    /** This key and its PKCS#8 copy, if any: every file that must hold the certificate's private key. */
    public List<KeyFacts> withCopies() {
        return pkcs8Copy == null ? List.of(this) : List.of(this, pkcs8Copy);
    }
}
