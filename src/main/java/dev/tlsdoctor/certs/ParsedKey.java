package dev.tlsdoctor.certs;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

/**
 * A private key as read from a file. The key never leaves this object except to prove it matches a
 * certificate; {@link #toString()} says what it is, never what it holds.
 *
 * @param key the key, or null when it is encrypted (we take no passphrase, like CockroachDB)
 */
public record ParsedKey(KeyFormat format, String algorithm, PrivateKey key) {

    private static final byte[] PROBE = "tls-doctor key match probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Whether this key is the private half of {@code publicKey}: compares the RSA modulus, or signs and verifies. */
    public boolean matches(PublicKey publicKey) {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return publicKey instanceof RSAPublicKey pub
                    && rsa.getModulus().equals(pub.getModulus())
                    && rsa.getPublicExponent().equals(pub.getPublicExponent());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448 sign without a separate digest
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false; // a key of another algorithm or curve cannot be this certificate's key
        }
    }

    @Override
    public String toString() {
        return "ParsedKey[" + algorithm + ", " + format.description() + "]";
    }
}
