package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.fail;

import dev.tlsdoctor.testing.KeyFiles;
import dev.tlsdoctor.pki.Pki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged bytes of every input kind, made by flipping, cutting and splicing real files: the parsers
 * either read them or refuse them with a {@link BadFileException}; nothing else may escape.
 */
class ParserRobustnessTest {
    private static final Path FILE = Path.of("certs/node.crt");
    private static final int ROUNDS = 400;

    @Test
    void damagedInputIsReadOrRefusedNeverCrashes() throws Exception {
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        Pki.Issued node = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().key("EC:secp256r1").build();
        List<byte[]> samples = List.of(
                node.cert().getEncoded(),
                ascii(node.certPem() + ca.certPem()),
                ascii(Pki.traditionalKeyPem(node.keyPair())),
                ascii(KeyFiles.pkcs8Pem(ca.keyPair().getPrivate())),
                KeyFiles.pkcs8Der(ca.keyPair().getPrivate()),
                ascii(KeyFiles.encryptedPkcs8Pem(node.keyPair().getPrivate(), "pw")),
                ascii("{\"data\":{\"certificate\":\"" + node.certPem().replace("\n", "\\n") + "\",\"private_key\":\""
                        + KeyFiles.pkcs8Pem(node.keyPair().getPrivate()).replace("\n", "\\n") + "\"}}"));
        Random random = new Random(20240601);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] sample = samples.get(round % samples.size());
            byte[] damaged = damage(sample, random);
            parseBoth(damaged, round);
        }
    }

    private static void parseBoth(byte[] bytes, int round) {
        try {
            CertParser.parse(FILE, bytes);
        } catch (BadFileException expected) {
            // refused with a reason: fine
        } catch (RuntimeException e) {
            fail("CertParser crashed in round " + round + " on " + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 64))), e);
        }
        try {
            KeyParser.parse(FILE, bytes);
        } catch (BadFileException expected) {
            // refused with a reason: fine
        } catch (RuntimeException e) {
            fail("KeyParser crashed in round " + round + " on " + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 64))), e);
        }
    }

    /** One of: flip a few bytes, cut the end off, cut a piece out of the middle, or repeat a piece. Never empty. */
    private static byte[] damage(byte[] sample, Random random) {
        byte[] out = sample.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> out = Arrays.copyOf(out, 1 + random.nextInt(out.length - 1));
            case 2 -> {
                int from = random.nextInt(out.length - 1);
                int to = from + 1 + random.nextInt(out.length - from - 1);
                byte[] cut = new byte[out.length - (to - from)];
                System.arraycopy(out, 0, cut, 0, from);
                System.arraycopy(out, to, cut, from, out.length - to);
                out = cut.length == 0 ? new byte[] {0x30} : cut;
            }
            default -> {
                int from = random.nextInt(out.length);
                int length = 1 + random.nextInt(Math.min(64, out.length - from));
                byte[] grown = Arrays.copyOf(out, out.length + length);
                System.arraycopy(out, from, grown, from + length, out.length - from);
                out = grown;
            }
        }
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
