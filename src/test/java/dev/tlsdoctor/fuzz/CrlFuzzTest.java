package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.ocsp.CrlEvidence;
import dev.tlsdoctor.ocsp.RevocationParsers;
import dev.tlsdoctor.testing.LoopbackHttpServer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a CRL distribution point serves (DER or PEM), downloaded from a loopback HTTP server, parsed,
 * verified against the issuer and searched for the certificate by the ocsp package, then judged by every check.
 */
class CrlFuzzTest {
    private static final X509Certificate CA = FuzzFixtures.pkiCert("ca.crt");
    private static final X509Certificate NODE = FuzzFixtures.pkiCert("node.crt");
    private static volatile byte[] body;
    private static final LoopbackHttpServer DISTRIBUTION_POINT = LoopbackHttpServer.start((method, path, request) ->
            new LoopbackHttpServer.Reply(200, "application/pkix-crl", body));

    @FuzzTest
    void distributionPointAnswer(byte[] data) {
        FuzzFixtures.allowLoopbackConnections();
        body = data;
        CrlEvidence crl = RevocationParsers.crl(DISTRIBUTION_POINT.url("/ca.crl"), NODE, CA);
        FuzzContract.oneLine("the CRL verdict", crl.detail());
        FuzzFixtures.checkedReport(List.of(crl), KeyMaterial.NONE);
    }
}
