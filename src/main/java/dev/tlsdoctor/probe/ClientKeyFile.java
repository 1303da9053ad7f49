package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.KeyFormat;
import java.nio.file.Path;

/**
 * Evidence: a private key a particular client is configured to read, and how it is written.
 *
 * @param subject what findings name (the connection)
 * @param client which client reads it, e.g. "PostgreSQL JDBC driver 42.7.8"
 * @param file the key file
 * @param pem whether it is PEM text (else binary DER)
 * @param format its format as we read it, or null when we could not read it
 * @param clientError what the client itself said when it tried the file, or null
 */
public record ClientKeyFile(String subject, String client, Path file, boolean pem, KeyFormat format, String clientError) {

    /** Key files by their extension that the JDBC driver opens as PKCS#12 key stores instead. */
    public boolean isPkcs12() {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }
}
