package dev.tlsdoctor.probe;

import static dev.tlsdoctor.testing.Doctor.contains;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.CertsDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client certificate a probe logs in with, and what it says when there is none. */
class ClientIdentityTest {
    @TempDir
    Path dir;

    /** cockroach cert create-client signs with ca-client.crt's key when that file exists (pkg/security/certs.go), so the hint names it. */
    @Test
    void missingClientCertificateNamesTheKeyThatSignsIt() {
        CertsDirs.healthyNode(dir);
        contains(assertThrows(BadFileException.class, () -> ClientIdentity.forUser(dir, "bob")).getMessage(),
                "signed by ca.key: 'tls-doctor check --certs-dir " + dir + " --user bob' prints the command");
        Pki.ca("Cockroach Client CA").build().writeCert(dir.resolve("ca-client.crt"));
        contains(assertThrows(BadFileException.class, () -> ClientIdentity.forUser(dir, "bob")).getMessage(), "signed by ca-client.key");
    }
}
