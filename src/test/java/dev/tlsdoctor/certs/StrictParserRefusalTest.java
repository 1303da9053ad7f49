package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.OddCertificates;
import dev.tlsdoctor.testing.OddCertificates.Oddity;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Certificates the JDK's parser refuses and OpenSSL reads: each is checked against the real JDK and the
 * real {@code openssl x509} here, and tls-doctor reads it, names what is odd and says whether Go refuses
 * it. Go's verdicts are those of crypto/x509's parseCertificate (parser.go): "x509: invalid version"
 * after its version check, "x509: inner and outer signature algorithm identifiers don't match" from
 * comparing the two AlgorithmIdentifier encodings, "x509: malformed UTCTime" from readASN1Time,
 * "x509: certificate contains duplicate extension with OID" from its seenExts map; parseName takes an
 * empty issuer.
 */
class StrictParserRefusalTest {
    private static final Pki.Issued CA = Pki.ca("Odd CA").build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "EMPTY_ISSUER                 | Empty issuer DN not allowed in X509Certificates | warning | Go's parser passes the checks",
        "VERSION_4                    | Extensions not allowed in v2 certificate       | error   | refuses it too: x509: invalid version; BouncyCastle cannot read it either",
        "DUPLICATE_EXTENSION          | Duplicate extensions not allowed                | error   | refuses it too: x509: certificate contains duplicate extension with OID \"2.5.29.19\"",
        "SIGNATURE_ALGORITHM_MISMATCH | Signature algorithm mismatch                    | error   | refuses it too: x509: inner and outer signature algorithm identifiers don't match",
        "MONTH_13                     | Parse UTC time, invalid format                  | error   | refuses it too: x509: malformed UTCTime"})
    void aCertificateTheJdkRefusesButOpensslReadsIsReadAndJudged(Oddity oddity, String jdkSays, String severity, String goWords) throws Exception {
        byte[] der = OddCertificates.der(oddity, "odd", CA);
        CertificateException jdk = assertThrows(CertificateException.class,
                () -> CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
        assertTrue(String.valueOf(jdk.getMessage()).contains(jdkSays), jdk.getMessage());
        Path file = Files.write(dir.resolve("odd.der"), der);
        ContainersTest.run("openssl", "x509", "-inform", "DER", "-in", file.toString(), "-noout", "-subject"); // OpenSSL reads it

        for (Path input : List.of(file, Files.writeString(dir.resolve("odd.pem"), OddCertificates.pem(oddity, "odd", CA)))) {
            Cli.Result r = Cli.run("check", input.toString(), "--ca", CA.writeCert(dir.resolve("ca.crt")).toString(), "--format", "json");
            List<JsonNode> refused = r.findings("strict-parser-refuses", input);
            assertEquals(1, refused.size(), r.all());
            String message = refused.get(0).path("message").asText();
            assertTrue(message.startsWith("the certificate (CN=odd) is refused by the JDK's parser (" + jdkSays + "), so Java clients cannot use it; "), message);
            assertTrue(message.contains(goWords), message);
            assertEquals(severity, refused.get(0).path("severity").asText());
            assertTrue(r.findings("unreadable-file").isEmpty(), r.all());
            assertTrue(r.err().isEmpty(), r.all());
        }
    }

    @Test
    void theRefusedCertificateIsNamedByItsPlaceInABundle() throws Exception {
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), CA.issue("fine").build().certPem() + OddCertificates.pem(Oddity.MONTH_13, "odd", CA));
        Cli.Result r = Cli.run("check", bundle.toString(), "--format", "json");
        JsonNode finding = r.findings("strict-parser-refuses", bundle + "#2").get(0);
        assertTrue(finding.path("message").asText().startsWith("certificate #2 (CN=odd) is refused"), r.all());
        assertEquals("Have the CA re-issue the certificate with conforming fields. To see it as OpenSSL reads it:\nopenssl storeutl -noout -text -certs " + bundle,
                finding.path("fix").asText());
        ContainersTest.run("openssl", "storeutl", "-noout", "-text", "-certs", bundle.toString()); // the command works
    }

    @Test
    void goVerdictsMirrorParseCertificate() {
        assertNull(GoCertificateChecks.refusal(OddCertificates.der(Oddity.NONE, "fine", CA)));
        assertNull(GoCertificateChecks.refusal(OddCertificates.der(Oddity.EMPTY_ISSUER, "odd", CA)));
        assertEquals("x509: invalid DSA parameters", GoCertificateChecks.refusal(OddCertificates.der(Oddity.DSA_INHERITED_PARAMETERS, "odd", CA)));
        assertEquals(GoCertificateChecks.UNDETERMINED, GoCertificateChecks.refusal(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
    }

    /** Was a NullPointerException in CertFacts.keyBits: the JDK reads the key, but its parameters are its issuer's. */
    @Test
    void aDsaKeyWithInheritedParametersIsJudgedNotACrash() throws Exception {
        byte[] der = OddCertificates.der(Oddity.DSA_INHERITED_PARAMETERS, "dsa", CA);
        java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        assertEquals(0, CertFacts.keyBits(cert.getPublicKey()));
        assertEquals("DSA", CertFacts.keyDescription(cert.getPublicKey()));
        Path file = Files.write(dir.resolve("dsa.crt"), der);
        Cli.Result r = Cli.run("check", file.toString(), "--format", "json");
        assertNotNull(r.findings("weak-key", file).get(0), r.all());
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.copy(file, tree.resolve("dsa.crt"));
        Cli.Result recursive = Cli.run("check", "--recursive", tree.toString(), "--format", "json");
        assertEquals(0, recursive.json().path("corpus").path("failures").asInt(), recursive.all());
    }
}
