package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

/** Subject attributes read from a name's DER: every string type, multi-valued RDNs, and bytes no string decoder likes. */
class NameDerTest {
    private static final byte[] CN = {0x55, 0x04, 0x03};
    private static final byte[] OU = {0x55, 0x04, 0x0b};

    private static AttributeTypeAndValue cn(ASN1Encodable value) {
        return new AttributeTypeAndValue(BCStyle.CN, value);
    }

    @Test
    void everyValueInOrderMultiValuedRdnsIncluded() throws Exception {
        byte[] name = new X500Name(new RDN[] {
                new RDN(new AttributeTypeAndValue[] {cn(new DERUTF8String("root")), new AttributeTypeAndValue(BCStyle.OU, new DERUTF8String("Tenants"))}),
                new RDN(new AttributeTypeAndValue(BCStyle.OU, new DERPrintableString("Ops"))),
                new RDN(cn(new DERBMPString("ünïcode"))),
        }).getEncoded();
        assertEquals(List.of("root", "ünïcode"), NameDer.values(name, CN));
        assertEquals(List.of("Tenants", "Ops"), NameDer.values(name, OU));
    }

    @Test
    void aValueThatIsNoStringIsShownAsRfc4514Hex() throws Exception {
        byte[] name = new X500Name(new RDN[] {new RDN(cn(new DEROctetString(new byte[] {1, 2})))}).getEncoded();
        assertEquals(List.of("#04020102"), NameDer.values(name, CN));
    }

    /** Found by the fuzzer: BouncyCastle's UTF8String threw on these bytes, which the JDK had accepted in the certificate. */
    @Test
    void invalidUtf8IsReplacedNotThrown() {
        // SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String C3 28 } } }: C3 starts a two-byte sequence that 28 does not continue
        byte[] name = HexFormat.of().parseHex("300e310c300a06035504030c03c32841");
        assertEquals(List.of("\uFFFD(A"), NameDer.values(name, CN));
    }

    @Test
    void truncatedOrDamagedDerGivesWhatCameBeforeTheDamage() {
        byte[] whole = HexFormat.of().parseHex("3019310b300906035504030c026162310a300806035504030c0163");
        assertEquals(List.of("ab", "c"), NameDer.values(whole, CN));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 2);
        assertEquals(List.of(), NameDer.values(cut, CN)); // the outer SEQUENCE's length runs past the end: nothing is trusted
        byte[] longLength = HexFormat.of().parseHex("3085ffffffffff");
        assertEquals(List.of(), NameDer.values(longLength, CN));
    }
}
