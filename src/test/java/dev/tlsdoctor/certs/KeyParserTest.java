package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PKCS#1-to-PKCS#8 wrapping written by hand: byte for byte what BouncyCastle's DER encoder writes. */
class KeyParserTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 127, 128, 255, 256, 1191, 65535, 65536, 1 << 20})
    void pkcs8WrappingIsDer(int length) throws Exception {
        byte[] pkcs1 = new byte[length];
        new Random(length).nextBytes(pkcs1);
        byte[] expected = new DERSequence(new ASN1Encodable[] {new ASN1Integer(0),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), new DEROctetString(pkcs1)}).getEncoded(ASN1Encoding.DER);
        assertArrayEquals(expected, KeyParser.pkcs8OfRsa(pkcs1));
    }
}
