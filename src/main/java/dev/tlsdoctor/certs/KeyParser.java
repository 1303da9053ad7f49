package dev.tlsdoctor.certs;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads private keys as CockroachDB and its clients meet them: PKCS#1 RSA, SEC1 EC and PKCS#8 (RSA,
 * EC, Ed25519) in PEM, PKCS#8 DER ({@code .pk8}), and recognises encrypted keys without decrypting.
 */
public final class KeyParser {
    /** JDK key-factory names by algorithm OID (BouncyCastle's own names, such as ECDSA, are not the JDK's). */
    private static final Map<ASN1ObjectIdentifier, String> ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            X9ObjectIdentifiers.id_dsa, "DSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448",
            X509ObjectIdentifiers.id_ea_rsa, "RSA");

    private KeyParser() {}

    public static ParsedKey parse(Path file, byte[] bytes) throws BadFileException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN ")) {
            return parsePem(file, text);
        }
        if ((bytes[0] & 0xff) != 0x30) {
            throw new BadFileException(file, "not a private key (neither PEM nor DER)");
        }
        try {
            ASN1Primitive der = ASN1Primitive.fromByteArray(bytes);
            try {
                return fromPkcs8(file, PrivateKeyInfo.getInstance(der), KeyFormat.PKCS8_DER);
            } catch (IllegalArgumentException notPlain) {
                EncryptedPrivateKeyInfo.getInstance(der);
                return new ParsedKey(KeyFormat.ENCRYPTED_PKCS8, "unknown", null);
            }
        } catch (IOException | RuntimeException e) { // BouncyCastle reports malformed ASN.1 with assorted runtime exceptions
            throw new BadFileException(file, "DER data that is not a PKCS#8 private key");
        }
    }

    private static ParsedKey parsePem(Path file, String text) throws BadFileException {
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PEMKeyPair pair) {
                    KeyFormat format = text.contains("BEGIN RSA PRIVATE KEY") ? KeyFormat.PKCS1_PEM : KeyFormat.SEC1_PEM;
                    return fromPkcs8(file, pair.getPrivateKeyInfo(), format);
                }
                if (object instanceof PrivateKeyInfo info) {
                    return fromPkcs8(file, info, KeyFormat.PKCS8_PEM);
                }
                if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    return new ParsedKey(KeyFormat.ENCRYPTED_PKCS8, "unknown", null);
                }
                if (object instanceof PEMEncryptedKeyPair) {
                    return new ParsedKey(KeyFormat.LEGACY_ENCRYPTED_PEM, text.contains("BEGIN RSA") ? "RSA" : "EC", null);
                }
                // other blocks (EC PARAMETERS, a certificate) are skipped, as Go's tls.X509KeyPair does
            }
        } catch (IOException | RuntimeException e) {
            throw new BadFileException(file, "malformed private key PEM (truncated or damaged)");
        }
        throw new BadFileException(file, "no private key found in the PEM text");
    }

    private static ParsedKey fromPkcs8(Path file, PrivateKeyInfo info, KeyFormat format) throws BadFileException {
        String algorithm = ALGORITHMS.get(info.getPrivateKeyAlgorithm().getAlgorithm());
        if (algorithm == null) {
            throw new BadFileException(file, "private key of an unsupported algorithm (" + info.getPrivateKeyAlgorithm().getAlgorithm() + ")");
        }
        try {
            PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            return new ParsedKey(format, algorithm, key);
        } catch (GeneralSecurityException | IOException e) {
            throw new BadFileException(file, "damaged " + algorithm + " private key");
        }
    }
}
