package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.OpensslOcspResponder;
import dev.tlsdoctor.testing.OpensslServer;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe --ocsp}: the served chain's revocation is asked of the responder in its AIA, a real openssl one. */
class ProbeOcspTest {
    @TempDir
    Path dir;

    @Test
    void aServedCertificateTheResponderCallsRevokedIsCritical() {
        OpensslServer.assumeInstalled();
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        Path caFile = ca.writeCert(dir.resolve("ca.crt"));
        try (OpensslOcspResponder responder = OpensslOcspResponder.forCa(ca).start(dir.resolve("responder"))) {
            Pki.Issued node = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().ocspUrl(responder.url()).build();
            node.writeTo(dir, "node");
            responder.revoked(node, Instant.now().minus(1, ChronoUnit.HOURS), "keyCompromise");
            try (OpensslServer server = OpensslServer.start(dir, "-cert", dir.resolve("node.crt").toString(), "-key", dir.resolve("node.key").toString())) {
                ProbeOutput plain = ProbeOutput.of("probe", server.target(), "--mode", "tls", "--ca", caFile.toString());
                plain.assertExit(0); // without --ocsp nothing is sent to the responder
                assertEquals(0, responder.requests());

                ProbeOutput out = ProbeOutput.of("probe", server.target(), "--mode", "tls", "--ca", caFile.toString(), "--ocsp");
                out.assertExit(2);
                assertTrue(out.finding("revoked").path("message").asText().contains("keyCompromise"), out.finding("revoked").toString());
                assertTrue(responder.requests() > 0);
            }
        }
    }
}
