package dev.tlsdoctor.fuzz;

import dev.tlsdoctor.common.Evidence;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertFilesLoader;
import dev.tlsdoctor.certs.Passwords;
import dev.tlsdoctor.certs.Purpose;
import dev.tlsdoctor.certs.UnreadableFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A container as {@code tls-doctor check FILE --password-file} reads it: PKCS#12, PKCS#7, JKS and JCEKS
 * (the seeds hold one of each, and certificates the JDK refuses), through CertParser, the containers'
 * readers and BouncyCastle, then every check and both report formats. Only a password problem may end
 * the load, as one line; the password is never in the output.
 */
class ContainerFuzzTest {
    private static final String PASSWORD = dev.tlsdoctor.testing.OddCorpus.PASSWORD;
    private static final Path CA = FuzzFixtures.scratchFile("ca.crt", FuzzFixtures.pkiPem("ca.crt"));
    private static final Path PASSWORD_FILE = FuzzFixtures.scratchFile("password", (PASSWORD + "\n").getBytes(StandardCharsets.US_ASCII));

    @FuzzTest
    void containerFile(byte[] data) {
        Path file = FuzzFixtures.scratchFile("client.p12", data);
        List<Evidence> evidence;
        try {
            evidence = new CertFilesLoader(List.of(file), CA, List.of(), List.of(), Purpose.ANY, FuzzFixtures.AT, Passwords.of(PASSWORD_FILE)).load();
        } catch (BadFileException e) {
            // no content to judge (empty, or too large to read) is "could not check", as for any FILE
            if (e.kind() == BadFileException.Kind.EMPTY || e.kind() == BadFileException.Kind.TOO_LARGE) {
                FuzzContract.oneLine("why " + file + " could not be checked", e.getMessage());
                return;
            }
            if (!e.kind().isPassword()) {
                throw new AssertionError("the input file's problems other than its password are evidence, not exceptions", e);
            }
            FuzzContract.oneLine("the password error", e.getMessage());
            KeyMaterial.ofSecret(PASSWORD).assertAbsentFrom("the password error", e.getMessage());
            return;
        }
        for (Object e : evidence) {
            if (e instanceof UnreadableFile u) {
                FuzzContract.oneLine("the reason " + file + " is unreadable", u.reason());
            }
        }
        KeyMaterial.ofSecret(PASSWORD).assertAbsentFrom("the report", FuzzFixtures.checkedReport(evidence, KeyMaterial.NONE));
    }
}
