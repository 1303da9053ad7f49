package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.client.ClientUrlLoader;
import dev.tlsdoctor.common.Evidence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A client connection URL ({@code postgresql://…}, {@code jdbc:postgresql://…}) as {@code check --url}
 * and {@code explain} read it: {@link ClientUrlLoader} parses it the way libpq and the JDBC driver do
 * and looks at the files it names, then every check and the report. A string that is no such URL is
 * the one documented refusal (IllegalArgumentException).
 */
class ClientUrlFuzzTest {
    private static final Path CERTS_DIR = FuzzFixtures.scratchFile("url-certs/client.root.crt", FuzzFixtures.pkiPem("client-ec.crt")).getParent();

    @FuzzTest
    void connectionUrl(byte[] data) {
        String url = new String(data, StandardCharsets.UTF_8);
        List<Evidence> evidence;
        try {
            evidence = ClientUrlLoader.load(url, CERTS_DIR);
        } catch (IllegalArgumentException notAUrl) {
            FuzzContract.oneLine("the refusal", notAUrl.getMessage());
            return;
        }
        FuzzFixtures.checkedReport(evidence, KeyMaterial.NONE);
    }
}
