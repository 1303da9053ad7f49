package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertFilesLoader;
import dev.tlsdoctor.certs.Purpose;
import dev.tlsdoctor.certs.UnreadableFile;
import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;
import java.util.List;

/**
 * A certificate file as {@code tls-doctor check FILE} reads it: PEM, DER, a Vault {@code issue} response
 * or a Cloud client-CA payload, through {@link CertFilesLoader} (FileBytes, CertParser, an embedded key,
 * path validation against the test CA), then every check and both report formats.
 */
class CertificateFuzzTest {
    private static final Path CA = FuzzFixtures.scratchFile("ca.crt", FuzzFixtures.pkiPem("ca.crt"));

    @FuzzTest
    void certificateFile(byte[] data) {
        Path file = FuzzFixtures.scratchFile("node.crt", data);
        List<Evidence> evidence;
        try {
            evidence = new CertFilesLoader(List.of(file), CA, List.of(), List.of("localhost"), Purpose.SERVER, FuzzFixtures.AT).load();
        } catch (BadFileException e) {
            // no content to judge (empty, or too large to read) is "could not check"; content that is read is judged as evidence
            if (e.file().equals(file) && (e.kind() == BadFileException.Kind.EMPTY || e.kind() == BadFileException.Kind.TOO_LARGE)) {
                FuzzContract.oneLine("why " + file + " could not be checked", e.getMessage());
                return;
            }
            throw new AssertionError("the CA file is fine, and the input file reads: its problems are evidence, not exceptions", e);
        }
        KeyMaterial keys = KeyMaterial.inPem(KeyMaterial.latin1(data));
        for (Object e : evidence) {
            if (e instanceof UnreadableFile u) {
                FuzzContract.oneLine("the reason " + file + " is unreadable", u.reason());
                keys.assertAbsentFrom("the reason " + file + " is unreadable", u.reason());
            }
        }
        FuzzFixtures.checkedReport(evidence, keys);
    }
}
