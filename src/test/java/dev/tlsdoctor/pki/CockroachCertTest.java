package dev.tlsdoctor.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.testing.OpensslCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fix issues, read back by openssl: the conventions of cockroach cert create-node / create-client (docs/fix.md). */
class CockroachCertTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();

    @TempDir
    Path tmp;

    @Test
    void aNodeCertificateAsCockroachCertMakesIt() throws Exception {
        Instant now = Instant.now();
        KeyPair keys = Pki.key(CockroachCert.KEY_KIND);
        X509Certificate cert = CockroachCert.node(List.of("localhost", "node1.example.com", "10.0.0.12"), CA.cert(), now).issue(CA, keys);

        String text = opensslText(cert);
        assertTrue(text.contains("Subject: O = Cockroach, CN = node"), text);
        assertTrue(text.matches("(?s).*X509v3 Key Usage: critical\\s+Digital Signature, Key Encipherment\\n.*"), text);
        assertTrue(text.contains("TLS Web Server Authentication, TLS Web Client Authentication"), text);
        assertTrue(text.contains("DNS:localhost, DNS:node1.example.com, IP Address:10.0.0.12"), text);
        assertTrue(text.contains("Signature Algorithm: sha256WithRSAEncryption"), text);
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        assertEquals(second.minus(Duration.ofDays(1)), CertFacts.notBefore(cert));
        assertEquals(second.plus(Duration.ofDays(5 * 366)), CertFacts.notAfter(cert));
        assertTrue(cert.getSerialNumber().signum() > 0 && cert.getSerialNumber().bitLength() <= 128, cert.getSerialNumber().toString(16));
    }

    @Test
    void aClientCertificateHasClientAuthOnlyAndEndsWithAShortLivedCa() throws Exception {
        Pki.Issued shortCa = Pki.ca("Cockroach CA").validity(Duration.ofDays(-1), Duration.ofDays(90)).build();
        CockroachCert spec = CockroachCert.client("maxroach", List.of(), shortCa.cert(), Instant.now());
        X509Certificate cert = spec.issue(shortCa, Pki.key(CockroachCert.KEY_KIND));

        String text = opensslText(cert);
        assertTrue(text.contains("Subject: O = Cockroach, CN = maxroach"), text);
        assertTrue(text.matches("(?s).*X509v3 Extended Key Usage: \\s+TLS Web Client Authentication\\n.*"), text);
        assertTrue(spec.clampedToCa());
        assertEquals(CertFacts.notAfter(shortCa.cert()), CertFacts.notAfter(cert), "cut to the CA's end, where cockroach cert would refuse");
    }

    private String opensslText(X509Certificate cert) throws Exception {
        Path file = Files.writeString(tmp.resolve("cert.pem"), Pki.pem(cert));
        return OpensslCerts.run(null, null, "openssl", "x509", "-in", file.toString(), "-noout", "-text");
    }
}
