package dev.tlsdoctor.fix;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.FileBytes;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A CA certificate of the directory with the private key that signs for it: the key given with
 * {@code --ca-key} (or {@code --ca-client-key}) must be the private half of a certificate in the CA file,
 * as cockroach cert's loadCACertAndKey demands.
 *
 * @param caFile the CA file in the certs directory ({@code ca.crt}, {@code ca-client.crt})
 * @param keyFile where the key was read
 */
public record SigningCa(Path caFile, X509Certificate cert, Path keyFile, PrivateKey key) {

    /** @throws FixRefused when the key cannot be read or belongs to no certificate in {@code caFile} */
    static SigningCa load(Path caFile, Path keyFile, String option) {
        ParsedKey parsed;
        try {
            parsed = KeyParser.parse(keyFile, FileBytes.read(keyFile));
        } catch (BadFileException e) {
            throw new FixRefused(option + " " + keyFile + ": " + e.reason());
        }
        if (parsed.key() == null) {
            throw new FixRefused(option + " " + keyFile + ": the key is encrypted; give fix an unencrypted copy (openssl pkey -in KEY -out PLAIN.key)");
        }
        CertParser.Parsed ca;
        try {
            ca = CertParser.parse(caFile, FileBytes.read(caFile));
        } catch (BadFileException e) {
            throw new FixRefused(caFile + ": " + e.reason() + "; nothing can be signed for it");
        }
        for (X509Certificate cert : ca.certs()) {
            if (parsed.matches(cert.getPublicKey())) {
                return new SigningCa(caFile, cert, keyFile, parsed.key());
            }
        }
        throw new FixRefused(option + " " + keyFile + " does not match the CA certificate " + caFile + " (" + CertFacts.sha256Fingerprint(ca.certs().get(0)).substring(0, 23)
                + "…); nothing changed");
    }

    boolean expiredAt(Instant at) {
        return CertFacts.notAfter(cert).isBefore(at);
    }

    /** The CA as the issuer of new certificates. */
    Pki.Issued issuer() {
        return new Pki.Issued(cert, new KeyPair(cert.getPublicKey(), key), java.util.List.of());
    }

    /** How plans name it: the CA file and the key that signs. */
    String describe() {
        return caFile.getFileName() + " (" + dev.tlsdoctor.certs.CertNames.shortName(cert.getSubjectX500Principal()) + "), key " + keyFile;
    }

    @Override
    public String toString() {
        return "SigningCa[" + caFile + ", key " + keyFile + "]"; // never the key
    }
}
