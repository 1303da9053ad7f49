package dev.tlsdoctor.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Collections;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * An sslkey the PostgreSQL JDBC driver opens as a PKCS#12 key store (its name ends in .p12 or .pfx), read
 * as its PKCS12KeyManager reads it: the JDK's "pkcs12" KeyStore loaded with the URL's sslpassword, and
 * from it only the key entry named {@code user}. Without that entry the driver sends no client
 * certificate at all, silently; with a wrong password it fails with "Could not read SSL key file".
 */
final class JdbcPkcs12 {
    /** The one alias PKCS12KeyManager uses (chooseClientAlias, getCertificateChain and getPrivateKey all ask for it). */
    static final String ALIAS = "user";

    private JdbcPkcs12() {}

    static ClientKey read(Path file, String use, String sslpassword, String clientError) {
        if (sslpassword == null) {
            return problem(file, use, "the URL gives no sslpassword, so the driver asks for it on the console, which an application has not"
                    + " (Could not read password for SSL key file, console is not available)", clientError);
        }
        char[] password = sslpassword.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(FileBytes.read(file)), password);
            if (!store.isKeyEntry(ALIAS)) {
                return problem(file, use, "it has no key entry named '" + ALIAS + "' (it has: " + String.join(", ", Collections.list(store.aliases()))
                        + "), the only one the driver uses, so the driver sends no client certificate", clientError);
            }
            Key key = store.getKey(ALIAS, password);
            if (!(key instanceof PrivateKey privateKey) || privateKey.getEncoded() == null) {
                return problem(file, use, "its entry '" + ALIAS + "' holds no private key the driver can use", clientError);
            }
            return new ClientKey(file, use, KeyReader.JDBC, KeyParser.fromKeyInfo(file, PrivateKeyInfo.getInstance(privateKey.getEncoded()), KeyFormat.PKCS12),
                    null, clientError);
        } catch (BadFileException e) {
            return problem(file, use, e.reason(), clientError);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException;
            return problem(file, use, wrongPassword ? "the URL's sslpassword does not open it (the driver fails: Could not read SSL key file)"
                    : "the JDK cannot read it as PKCS#12 (truncated or damaged)", clientError);
        } catch (GeneralSecurityException | RuntimeException e) {
            return problem(file, use, "the JDK cannot read it as PKCS#12: " + OneLine.of(String.valueOf(e.getMessage())), clientError);
        }
    }

    private static ClientKey problem(Path file, String use, String problem, String clientError) {
        return new ClientKey(file, use, KeyReader.JDBC, null, problem, clientError);
    }
}
