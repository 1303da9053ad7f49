package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.ClientKey;
import dev.tlsdoctor.certs.KeyReader;
import dev.tlsdoctor.certs.UnreadableFile;
import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private key file, read as every reader reads it: as {@code node.key}, {@code client.root.key} and the
 * JDBC copy {@code client.root.key.pk8} of a certs directory ({@link CertsDirLoader}: KeyParser for
 * PKCS#1, SEC1, PKCS#8 PEM and DER, encrypted keys; the key matched against its certificate), and as
 * the {@code sslkey} of a libpq and a JDBC connection URL ({@link ClientKey}); then every check and the report.
 */
class KeyFuzzTest {
    private static final Path CERTS_DIR = certsDir();

    @FuzzTest
    void keyFile(byte[] data) {
        for (String name : List.of("node.key", "client.root.key", "client.root.key.pk8")) {
            FuzzFixtures.scratchFile("certs/" + name, data);
        }
        List<Evidence> evidence;
        try {
            evidence = new ArrayList<>(new CertsDirLoader(CERTS_DIR, List.of("localhost"), "root", FuzzFixtures.AT).load());
        } catch (BadFileException e) {
            throw new AssertionError("the certs directory itself is readable", e);
        }
        Path sslkey = FuzzFixtures.scratchFile("postgresql.key", data);
        for (KeyReader reader : KeyReader.values()) {
            evidence.add(ClientKey.read(sslkey, "the sslkey of the connection URL", reader));
        }
        KeyMaterial keys = KeyMaterial.inPem(KeyMaterial.latin1(data)).and(KeyMaterial.ofBytes(data));
        for (Object e : evidence) {
            String problem = e instanceof UnreadableFile u ? u.reason() : e instanceof ClientKey k ? k.problem() : null;
            FuzzContract.oneLine("the problem with a key file", problem);
            keys.assertAbsentFrom("the problem with a key file", problem);
            if (e instanceof ClientKey k) {
                keys.assertAbsentFrom("the key evidence", k.toString()); // the parsed key says what it is, never what it holds
            }
        }
        FuzzFixtures.checkedReport(evidence, keys);
    }

    private static Path certsDir() {
        FuzzFixtures.scratchFile("certs/ca.crt", FuzzFixtures.pkiPem("ca.crt"));
        FuzzFixtures.scratchFile("certs/node.crt", FuzzFixtures.pkiPem("node.crt"));
        return FuzzFixtures.scratchFile("certs/client.root.crt", FuzzFixtures.pkiPem("client-ec.crt")).getParent();
    }
}
