package dev.tlsdoctor.certs;

import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;

/**
 * Evidence: a certificate or key file that could not be read or parsed, and why.
 *
 * @param kind what kind of problem, which decides the fix (a permission is not repaired like damaged data)
 * @param der whether the file is a well-formed DER certificate or key where only PEM is read: converting it is the fix
 */
public record UnreadableFile(Path file, String reason, BadFileException.Kind kind, boolean der) implements Evidence {

    /** Damaged or foreign content, for reasons found above the file-reading layer. */
    public UnreadableFile(Path file, String reason) {
        this(file, reason, BadFileException.Kind.MALFORMED, false);
    }

    public static UnreadableFile of(BadFileException e) {
        return of(e, "");
    }

    /** {@code e}, its reason after {@code prefix} (e.g. the member of a JSON file it was read from). */
    public static UnreadableFile of(BadFileException e, String prefix) {
        return new UnreadableFile(e.file(), prefix + e.reason(), e.kind(), false);
    }

    /** A well-formed DER file where only PEM is read. */
    public static UnreadableFile der(Path file, String reason) {
        return new UnreadableFile(file, reason, BadFileException.Kind.MALFORMED, true);
    }
}
