package dev.tlsdoctor.certs;

import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;

/**
 * Evidence: a private key file that a client program will read, such as the {@code client.<user>.key.pk8}
 * copy in a certs directory (for Java clients) or the {@code sslkey} of a connection URL.
 *
 * @param file the key file
 * @param use what it is for, for messages: e.g. "the JDBC copy of client.root.key"
 * @param reader the kind of client that reads it
 * @param key the key as read, or null when it could not be read
 * @param problem why it could not be read, or null
 * @param clientError what the client itself said when it tried the file (e.g. the JDBC driver's exception), or null
 */
public record ClientKey(Path file, String use, KeyReader reader, ParsedKey key, String problem, String clientError) implements Evidence {

    /** Reads {@code file} for {@code reader}; a file that is no key becomes a {@link #problem()}, not an exception. */
    public static ClientKey read(Path file, String use, KeyReader reader) {
        return read(file, use, reader, null);
    }

    /**
     * As {@link #read(Path, String, KeyReader)}, with the error the client gave when it tried to read the file.
     * A PKCS#12 key store for the JDBC driver is not opened: its password (the URL's sslpassword) is not known here.
     */
    public static ClientKey read(Path file, String use, KeyReader reader, String clientError) {
        if (reader == KeyReader.JDBC && isPkcs12Store(file)) {
            return new ClientKey(file, use, reader, null, null, clientError);
        }
        try {
            return new ClientKey(file, use, reader, KeyParser.parse(file, FileBytes.read(file)), null, clientError);
        } catch (BadFileException e) {
            return new ClientKey(file, use, reader, null, e.reason(), clientError);
        }
    }

    /**
     * As {@link #read(Path, String, KeyReader, String)}, with the URL's {@code sslpassword} (null when it has
     * none): the JDBC driver opens a {@code .p12}/{@code .pfx} sslkey as a PKCS#12 key store with it (PKCS12KeyManager).
     */
    public static ClientKey read(Path file, String use, KeyReader reader, String clientError, String sslpassword) {
        return reader == KeyReader.JDBC && isPkcs12Store(file) ? JdbcPkcs12.read(file, use, sslpassword, clientError) : read(file, use, reader, clientError);
    }

    /** Key files the JDBC driver opens as PKCS#12 key stores rather than as keys. */
    public boolean isPkcs12Store() {
        return isPkcs12Store(file);
    }

    private static boolean isPkcs12Store(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }
}
