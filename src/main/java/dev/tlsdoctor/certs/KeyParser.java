package dev.tlsdoctor.certs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

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

    /** PKCS#8's version 0 and rsaEncryption algorithm identifier (with its NULL parameters), as DER. */
    private static final byte[] PKCS8_RSA_PREFIX = {0x02, 0x01, 0x00,
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private KeyParser() {}

    public static ParsedKey parse(Path file, byte[] bytes) throws BadFileException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (Pem.mayContainBlocks(text)) {
            return parsePem(file, bytes);
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

    /** The first private key block, as Go's tls.X509KeyPair takes it; other blocks (EC PARAMETERS, a certificate) are skipped. */
    private static ParsedKey parsePem(Path file, byte[] text) throws BadFileException {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.blocks(text);
        } catch (Pem.MalformedException e) {
            throw new BadFileException(file, "malformed private key PEM (truncated or damaged): " + e.getMessage());
        }
        for (Pem.Block block : blocks) {
            if (!block.type().endsWith("PRIVATE KEY")) {
                continue;
            }
            try {
                return switch (block.type()) {
                    case "PRIVATE KEY" -> fromPkcs8(file, PrivateKeyInfo.getInstance(block.der()), KeyFormat.PKCS8_PEM);
                    case "ENCRYPTED PRIVATE KEY" -> {
                        EncryptedPrivateKeyInfo.getInstance(block.der());
                        yield new ParsedKey(KeyFormat.ENCRYPTED_PKCS8, "unknown", null);
                    }
                    case "RSA PRIVATE KEY" -> block.encrypted() ? new ParsedKey(KeyFormat.LEGACY_ENCRYPTED_PEM, "RSA", null)
                            : jdkKey(file, "RSA", pkcs8OfRsa(block.der()), KeyFormat.PKCS1_PEM);
                    case "EC PRIVATE KEY" -> {
                        if (block.encrypted()) {
                            yield new ParsedKey(KeyFormat.LEGACY_ENCRYPTED_PEM, "EC", null);
                        }
                        ECPrivateKey sec1 = ECPrivateKey.getInstance(block.der());
                        yield fromPkcs8(file, new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()), sec1),
                                KeyFormat.SEC1_PEM);
                    }
                    default -> throw new BadFileException(file, "a private key of a kind CockroachDB cannot read (" + block.typeShown()
                            + "); it reads PKCS#1 (RSA PRIVATE KEY), SEC1 (EC PRIVATE KEY) and PKCS#8 (PRIVATE KEY)");
                };
            } catch (IOException | RuntimeException e) { // BouncyCastle reports malformed ASN.1 with assorted runtime exceptions
                throw new BadFileException(file, "malformed private key PEM (truncated or damaged): the " + block.typeShown() + " block is not a key");
            }
        }
        throw new BadFileException(file, "no private key found in the PEM text");
    }

    /** A key taken out of a container (PKCS#12, a key store), already decrypted there. */
    static ParsedKey fromKeyInfo(Path file, PrivateKeyInfo info, KeyFormat format) throws BadFileException {
        try {
            return fromPkcs8(file, info, format);
        } catch (IOException | RuntimeException e) { // BouncyCastle reports malformed ASN.1 with assorted runtime exceptions
            throw new BadFileException(file, "a damaged private key");
        }
    }

    private static ParsedKey fromPkcs8(Path file, PrivateKeyInfo info, KeyFormat format) throws BadFileException, IOException {
        String algorithm = ALGORITHMS.get(info.getPrivateKeyAlgorithm().getAlgorithm());
        if (algorithm == null) {
            throw new BadFileException(file, "private key of an unsupported algorithm (" + info.getPrivateKeyAlgorithm().getAlgorithm() + ")");
        }
        return jdkKey(file, algorithm, info.getEncoded(), format);
    }

    /**
     * A PKCS#1 key wrapped as PKCS#8 as it is, without decoding it first: the JDK's key factory decodes
     * it, as strictly as Go's ParsePKCS1PrivateKey, and a certs dir has thousands of keys.
     */
    static byte[] pkcs8OfRsa(byte[] pkcs1) {
        byte[] octetStringHeader = derHeader(0x04, pkcs1.length);
        int contentLength = PKCS8_RSA_PREFIX.length + octetStringHeader.length + pkcs1.length;
        byte[] sequenceHeader = derHeader(0x30, contentLength);
        byte[] out = new byte[sequenceHeader.length + contentLength];
        int at = 0;
        for (byte[] part : new byte[][] {sequenceHeader, PKCS8_RSA_PREFIX, octetStringHeader, pkcs1}) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** A DER tag and definite length: short form below 128, else the fewest big-endian length bytes. */
    private static byte[] derHeader(int tag, int length) {
        if (length < 0x80) {
            return new byte[] {(byte) tag, (byte) length};
        }
        int lengthBytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] header = new byte[2 + lengthBytes];
        header[0] = (byte) tag;
        header[1] = (byte) (0x80 | lengthBytes);
        for (int i = 0; i < lengthBytes; i++) {
            header[2 + i] = (byte) (length >>> (8 * (lengthBytes - 1 - i)));
        }
        return header;
    }

    private static ParsedKey jdkKey(Path file, String algorithm, byte[] pkcs8, KeyFormat format) throws BadFileException {
        try {
            PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new ParsedKey(format, algorithm, key);
        } catch (GeneralSecurityException e) {
            throw new BadFileException(file, "damaged " + algorithm + " private key");
        }
    }
}
