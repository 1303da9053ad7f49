package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.probe.ChangefeedSink;
import dev.tlsdoctor.probe.Redact;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A changefeed sink URI as {@code check --changefeed-uri} reads it: {@link ChangefeedSink} decodes its
 * certificate parameters as CockroachDB does (query unescaping, base64, then the certificate and key
 * parsers), every check judges them, and the report is scrubbed of the URI's secrets as the command
 * does. Not a URI at all is the one documented refusal (IllegalArgumentException).
 */
class ChangefeedUriFuzzTest {
    @FuzzTest
    void sinkUri(byte[] data) {
        String uri = new String(data, StandardCharsets.UTF_8);
        ChangefeedSink sink;
        try {
            sink = ChangefeedSink.parse(uri);
        } catch (IllegalArgumentException notAUri) {
            FuzzContract.oneLine("the refusal", notAUri.getMessage());
            return;
        }
        List<Evidence> evidence = sink.evidence(false, Duration.ofSeconds(1), FuzzFixtures.AT);
        KeyMaterial secrets = KeyMaterial.NONE;
        for (String secret : sink.secrets()) {
            secrets = secrets.and(KeyMaterial.ofSecret(secret)).and(KeyMaterial.inPem(decoded(secret)));
        }
        String shown = Redact.scrub(FuzzFixtures.checkedReport(evidence, KeyMaterial.NONE), sink.secrets());
        String publicPart = uri;
        for (String secret : sink.secrets()) {
            publicPart = publicPart.replace("=" + secret, "="); // the values only: a short secret may also be a letter of the host
        }
        secrets.exceptIn(publicPart).assertAbsentFrom("the report", shown);
    }

    /** What a base64 secret decodes to, leniently: the PEM key inside a client_key value. */
    private static String decoded(String secret) {
        String base64 = secret.replaceAll("[^A-Za-z0-9+/]", "");
        return new String(Base64.getDecoder().decode(base64.substring(0, base64.length() / 4 * 4)), StandardCharsets.ISO_8859_1);
    }
}
