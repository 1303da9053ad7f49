package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.FileBytes;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.certs.Principals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A client certificate and its private key, presented in handshakes. The key stays in this object and
 * the JDK's handshake code; {@link #toString()} never shows it.
 *
 * @param certFile where the certificate came from, for messages
 * @param chain the certificate first, then any intermediates from the same file
 */
public record ClientIdentity(Path certFile, List<X509Certificate> chain, PrivateKey key) {

    /** Reads a certificate and key in any format {@link CertParser} and {@link KeyParser} read. */
    public static ClientIdentity load(Path certFile, Path keyFile) throws BadFileException {
        List<X509Certificate> chain = CertParser.certificatesIn(certFile);
        ParsedKey key = KeyParser.parse(keyFile, FileBytes.read(keyFile));
        if (key.key() == null) {
            throw new BadFileException(keyFile, "the key is " + key.format().description() + ", so no certificate can be sent with it; make an"
                    + " unencrypted copy and give that: openssl pkey -in " + keyFile + " -out " + keyFile + ".plain && chmod 600 " + keyFile + ".plain");
        }
        if (!key.matches(chain.get(0).getPublicKey())) {
            throw new BadFileException(keyFile, "this key does not belong to " + certFile);
        }
        return new ClientIdentity(certFile, List.copyOf(chain), key.key());
    }

    /**
     * The certificate CockroachDB clients use for {@code user} in {@code certsDir}: {@code client.<user>.crt},
     * or for user node without {@code client.node.crt}, {@code node.crt}.
     */
    public static ClientIdentity forUser(Path certsDir, String user) throws BadFileException {
        String normalized = Principals.normalize(user);
        Path cert = certsDir.resolve("client." + normalized + ".crt");
        if (!Files.exists(cert) && normalized.equals("node") && Files.exists(certsDir.resolve("node.crt"))) {
            return load(certsDir.resolve("node.crt"), certsDir.resolve("node.key"));
        }
        if (!Files.exists(cert)) {
            // cockroach cert create-client signs with ca-client.crt's key when that file exists
            String caKey = Files.exists(certsDir.resolve("ca-client.crt")) ? "ca-client.key" : "ca.key";
            throw new BadFileException(cert, "no client certificate for user " + normalized + " (give --cert and --key, or create it, signed by "
                    + caKey + ": 'tls-doctor check --certs-dir " + certsDir + " --user " + normalized + "' prints the command)");
        }
        return load(cert, certsDir.resolve("client." + normalized + ".key"));
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The SQL user a login with this certificate defaults to: its CN, normalised as CockroachDB does. */
    public String defaultUser() {
        String cn = CertNames.subjectAttribute(certificate(), "CN");
        return cn == null ? null : Principals.normalize(cn);
    }

    @Override
    public String toString() {
        return "ClientIdentity[" + certFile + ", " + CertNames.shortName(certificate().getSubjectX500Principal()) + "]";
    }
}
