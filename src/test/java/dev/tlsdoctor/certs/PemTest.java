package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass PEM reader: what it takes as Go's pem.Decode does, and how it words what it refuses. */
class PemTest {
    private static final byte[] BODY = "a body long enough to need two lines of base64, which it now does".getBytes(StandardCharsets.US_ASCII);
    private static final String B64 = Base64.getMimeEncoder(16, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(BODY);

    private static List<Pem.Block> read(String text) throws Pem.MalformedException {
        return Pem.blocks(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String block(String type, String body) {
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String refusal(String text) {
        return assertThrows(Pem.MalformedException.class, () -> read(text)).getMessage();
    }

    @Test
    void blocksInOrderWithTextAroundThem() throws Exception {
        List<Pem.Block> blocks = read("subject=CN=x\n" + block("CERTIFICATE", B64) + "between\n" + block("EC PARAMETERS", "BggqhkjOPQMBBw==") + "after");
        assertEquals(List.of("CERTIFICATE", "EC PARAMETERS"), blocks.stream().map(Pem.Block::type).toList());
        assertArrayEquals(BODY, blocks.get(0).der());
        assertFalse(blocks.get(0).encrypted());
    }

    @Test
    void windowsLineEndsAndWhitespaceInsideTheBase64AreDropped() throws Exception {
        String spaced = B64.replace("\n", " \t\r\n  ");
        assertArrayEquals(BODY, read(block("CERTIFICATE", spaced).replace("\n", "\r\n")).get(0).der());
    }

    @Test
    void legacyEncryptionHeadersAreRecognisedAndNotDecoded() throws Exception {
        Pem.Block key = read(block("RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n" + B64)).get(0);
        assertTrue(key.encrypted());
        assertArrayEquals(BODY, key.der());
    }

    @Test
    void aBeginLineMustStartALine() throws Exception {
        assertEquals(List.of(), read("quoted: " + block("CERTIFICATE", B64)));
        assertFalse(Pem.mayContainBlocks("no markers at all"));
    }

    @Test
    void truncatedBlocksSayTheEndIsMissing() {
        assertEquals("a block has no END line", refusal("-----BEGIN CERTIFICATE-----\n" + B64));
        assertEquals("a block has no END line", refusal("-----BEGIN CERTIFICATE-----\n" + B64 + "\n" + block("CERTIFICATE", B64)));
        assertEquals("a block has no END line", refusal("-----BEGIN CERTIFICATE-----\n" + B64 + "\n-----END PRIVATE KEY-----\n"));
    }

    @Test
    void damagedBase64IsRefusedWithoutQuotingIt() {
        assertEquals("a block's base64 does not decode", refusal(block("CERTIFICATE", "*" + B64.substring(1))));
        assertEquals("a block's base64 does not decode", refusal(block("CERTIFICATE", B64.substring(0, 5)))); // a lone sixth bit-group
        // a character outside Latin-1 whose low byte is a base64 digit ('Ł' is U+0141) must not decode as 'A'
        assertEquals("a block's base64 does not decode", refusal(block("CERTIFICATE", "\u0141" + B64.substring(1))));
    }

    @Test
    void aBundleOfManyBlocksIsReadInMemoryLinearInItsSize() throws Exception {
        String one = block("CERTIFICATE", B64);
        byte[] bundle = one.repeat(FileBytes.MAX_BYTES / one.length()).getBytes(StandardCharsets.US_ASCII);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertEquals(FileBytes.MAX_BYTES / one.length(), Pem.blocks(bundle).size());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 32L * FileBytes.MAX_BYTES, "allocated " + allocated + " bytes to read a " + bundle.length + "-byte bundle");
    }

    @Test
    void aDamagedTypeLineIsNotEchoed() throws Exception {
        Pem.Block odd = read(block("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", B64)).get(0);
        assertEquals("an unrecognisable type line", odd.typeShown());
        assertEquals("RSA PRIVATE KEY", new Pem.Block("RSA PRIVATE KEY", false, new byte[0]).typeShown());
    }
}
