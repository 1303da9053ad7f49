package dev.tlsdoctor.client;

import dev.tlsdoctor.certs.KeyReader;
import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;

/**
 * Evidence: the TLS settings of a client connection URL ({@code postgresql://…} or
 * {@code jdbc:postgresql://…}) and what is on disk where they point.
 *
 * @param display the URL with any password masked, for messages
 * @param reader which kind of client the URL is for (JDBC for {@code jdbc:} URLs)
 * @param user the user, or null when the URL names none
 * @param host the first host, or null
 * @param port the first port, or -1 when none is given
 * @param sslmode {@code sslmode} as written, or null when not set (the drivers' default is prefer)
 * @param rootCert the CA file the client verifies the server with (sslrootcert, or the driver's default)
 * @param cert the client certificate file it sends (sslcert, or the driver's default)
 * @param key the client key file (sslkey, or the driver's default)
 * @param hasPassword whether the URL carries a password (password authentication is then intended)
 * @param certsDir the certs directory the user pointed us at ({@code --certs-dir}), or null
 * @param certsDirClientCert {@code client.<user>.crt} in that directory when it exists, else null
 */
public record ClientUrl(
        String display,
        KeyReader reader,
        String user,
        String host,
        int port,
        String sslmode,
        ClientFile rootCert,
        ClientFile cert,
        ClientFile key,
        boolean hasPassword,
        Path certsDir,
        Path certsDirClientCert) implements Evidence {

    /**
     * A file the client will read.
     *
     * @param setting the URL parameter that names it ({@code sslrootcert}…)
     * @param path where it is
     * @param explicit whether the URL names it (else it is the driver's default under ~/.postgresql)
     * @param exists whether it is there
     */
    public record ClientFile(String setting, Path path, boolean explicit, boolean exists) {
        /** "sslrootcert=/x/ca.crt" or "the default ~/.postgresql/root.crt (no sslrootcert)". */
        public String describe() {
            return explicit ? setting + "=" + path : "the default " + path + " (no " + setting + " in the URL)";
        }
    }

    /** Whether the driver will verify the server's certificate against {@link #rootCert()}. */
    public boolean verifiesServer() {
        return "verify-ca".equals(sslmode) || "verify-full".equals(sslmode);
    }
}
