package dev.tlsdoctor.testing;

import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;

/** A private key written in each of the encodings users meet (what openssl, cockroach cert and Java clients write). */
public final class KeyFiles {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private KeyFiles() {}

    /** PKCS#8 {@code PRIVATE KEY}. */
    public static String pkcs8Pem(PrivateKey key) {
        return Pki.pem(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    /** PKCS#8 DER, as {@code cockroach cert --also-generate-pkcs8-key} writes {@code client.<user>.key.pk8}. */
    public static byte[] pkcs8Der(PrivateKey key) {
        return key.getEncoded();
    }

    /** PKCS#8 {@code ENCRYPTED PRIVATE KEY} (openssl pkcs8 -topk8 -v2 aes256). */
    public static String encryptedPkcs8Pem(PrivateKey key, String passphrase) {
        try {
            JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC);
            encryptor.setPassword(passphrase.toCharArray());
            return Pki.pem(new JcaPKCS8Generator(key, encryptor.build()).generate());
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Legacy OpenSSL encryption: {@code Proc-Type: 4,ENCRYPTED} and {@code DEK-Info} headers (openssl rsa -aes128). */
    public static String legacyEncryptedPem(PrivateKey key, String passphrase) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(passphrase.toCharArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The base64 lines of a PEM file's body (headers and markers left out): none of them may ever
     * appear in anything the tool prints about a file holding this key.
     */
    public static List<String> secretLines(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----") && !l.contains(":") && l.length() >= 16).toList();
    }

    /** {@link #secretLines} for a key in PKCS#8 DER, written as its PEM would be. */
    public static List<String> secretLines(byte[] der) {
        return secretLines(Pki.pem(new PemObject("PRIVATE KEY", der)));
    }
}
