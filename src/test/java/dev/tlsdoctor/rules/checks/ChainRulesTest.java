package dev.tlsdoctor.rules.checks;

import static dev.tlsdoctor.testing.Doctor.contains;
import static dev.tlsdoctor.testing.Doctor.none;
import static dev.tlsdoctor.testing.Doctor.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Doctor;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules judged by path validation and the certificate's own fields: unknown-authority, CA-constraints,
 * split-CA-mismatch, key-usage, weak-signature, weak-key. Also intermediates and split node/CA setups.
 */
class ChainRulesTest {
    private static final Pki.Issued CA = Pki.ca("Cockroach CA").build();
    private static final Pki.Issued CLIENT_CA = Pki.ca("Cockroach Client CA").build();

    @TempDir
    Path dir;


    @Test
    void nodeCertificateFromAnotherCa() {
        CertsDirs.healthyNode(dir, CA);
        Pki.ca("Other CA").build().issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "unknown-authority", Severity.ERROR, dir.resolve("node.crt"));
        assertEquals("does not verify as the node's server and client certificate against ca.crt: issuer 'CN=Other CA,O=Cockroach' of "
                + "'CN=node,O=Cockroach' is not in ca.crt and no intermediate certificate for it was given", f.message());
        contains(f.fix(), "Re-issue the certificate from the CA in ca.crt:\n"
                + "cockroach cert create-node localhost --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite\n# or, with openssl 3:\n",
                " -CA " + dir.resolve("ca.crt") + " -CAkey \"$HOME\"/my-safe-directory/ca.key ",
                "or, if the certificate is right and the CA file is stale, put the issuing CA certificate into ca.crt\n"
                + "(during CA rotation ca.crt must hold both the old and the new CA).");
        assertEquals(1, findings.size(), Doctor.describe(findings));
    }

    @Test
    void caRecreatedWithTheSameNameButANewKey() {
        CertsDirs.healthyNode(dir, CA);
        Pki.ca("Cockroach CA").build().writeCert(dir.resolve("ca.crt"));
        List<Finding> findings = Doctor.dir(dir);
        Finding f = Doctor.of(findings, "unknown-authority").stream().filter(x -> x.subject().equals(dir.resolve("client.root.crt").toString()))
                .findFirst().orElseThrow();
        contains(f.message(), "ca.crt has a CA of that name, but that CA's key did not sign it (the CA was re-created or replaced)");
        assertEquals(2, Doctor.of(findings, "unknown-authority").size(), Doctor.describe(findings));
    }

    @Test
    void selfSignedNodeCertificate() {
        CertsDirs.healthyNode(dir, CA);
        Pki.selfSigned("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        Finding f = only(Doctor.dir(dir), "unknown-authority", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "'CN=node,O=Cockroach' is self-signed and not in ca.crt");
    }

    @Test
    void intermediateInTheLeafFileIsUsedForTheChain() {
        Pki.Issued intermediate = CA.issue("Intermediate CA").ca().pathLen(0).build();
        CA.writeCert(dir.resolve("ca.crt"));
        intermediate.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node", intermediate.cert());
        intermediate.issue("root").clientAuth().build().writeTo(dir, "client.root", intermediate.cert());
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }

    @Test
    void missingIntermediate() {
        Pki.Issued intermediate = CA.issue("Intermediate CA").ca().pathLen(0).build();
        CertsDirs.healthyNode(dir, CA);
        intermediate.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        Finding f = only(Doctor.dir(dir), "unknown-authority", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "issuer 'CN=Intermediate CA,O=Cockroach' of 'CN=node,O=Cockroach' is not in ca.crt and no intermediate certificate for it was given");
    }

    @Test
    void caFileWithoutCaTrue() {
        Pki.Issued notCa = Pki.ca("Cockroach CA").notCa().build();
        CertsDirs.healthyNode(dir, notCa);
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "ca-constraints", Severity.ERROR, dir.resolve("ca.crt"));
        assertEquals("the certificate 'CN=Cockroach CA,O=Cockroach' is not a CA certificate (basicConstraints CA:TRUE is missing), so nothing it signed verifies", f.message());
        contains(f.fix(), "cockroach cert create-ca --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --allow-ca-key-reuse --overwrite",
                "openssl req -x509 -new -key \"$HOME\"/my-safe-directory/ca.key -days 3660 -subj '/O=Cockroach/CN=Cockroach CA'", "basicConstraints=critical,CA:TRUE");
    }

    @Test
    void caFileWhoseKeyUsageForbidsSigningCertificates() {
        Pki.Issued badCa = Pki.ca("Cockroach CA").keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign).build();
        CertsDirs.healthyNode(dir, badCa);
        Finding f = only(Doctor.dir(dir), "ca-constraints", Severity.ERROR, dir.resolve("ca.crt"));
        contains(f.message(), "has a keyUsage without keyCertSign (digitalSignature, cRLSign)");
    }

    @Test
    void intermediateThatIsNotACa() {
        Pki.Issued fakeIntermediate = CA.issue("Intermediate CA").notCa().keyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature).build();
        CertsDirs.healthyNode(dir, CA);
        fakeIntermediate.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node", fakeIntermediate.cert());
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "ca-constraints", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "its chain breaks a CA constraint as the node's server and client certificate: PKIX validation failed");
        none(findings, "unknown-authority");
    }

    @Test
    void intermediateBelowAPathLenZeroIntermediate() {
        Pki.Issued first = CA.issue("Intermediate CA 1").ca().pathLen(0).build();
        Pki.Issued second = first.issue("Intermediate CA 2").ca().pathLen(0).build();
        CertsDirs.healthyNode(dir, CA);
        second.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node", second.cert(), first.cert());
        Finding f = only(Doctor.dir(dir), "ca-constraints", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "its chain breaks a CA constraint");
    }

    /** Go and OpenSSL enforce the root's own path length; the JDK's validator does not, so we must. */
    @Test
    void intermediateBelowAPathLenZeroRoot() {
        Pki.Issued root = Pki.ca("Cockroach CA").pathLen(0).build();
        Pki.Issued intermediate = root.issue("Intermediate CA").ca().pathLen(0).build();
        CertsDirs.healthyNode(dir, root);
        intermediate.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node", intermediate.cert());
        Finding f = only(Doctor.dir(dir), "ca-constraints", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "CA 'CN=Cockroach CA,O=Cockroach' allows 0 intermediate CA(s) below it (pathLenConstraint 0), but the chain has 1 ('CN=Intermediate CA,O=Cockroach')");
    }

    @Test
    void splitCaClientSignedByTheMainCa() {
        CertsDirs.healthyNode(dir, CA);
        CLIENT_CA.writeCert(dir.resolve("ca-client.crt"));
        CLIENT_CA.issue("node").serverAndClient().build().writeTo(dir, "client.node");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "split-ca-mismatch", Severity.ERROR, dir.resolve("client.root.crt"));
        assertEquals("is signed by ca.crt's CA, but ca-client.crt exists, so it is verified as a client certificate only against ca-client.crt and is rejected", f.message());
        // cockroach cert create-client signs with ca-client.crt when it exists (pkg/security/certs.go CreateClientPair): its key, not ca.key
        contains(f.fix(), "cockroach cert create-client root --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca-client.key --overwrite",
                "-CA " + dir.resolve("ca-client.crt") + " -CAkey \"$HOME\"/my-safe-directory/ca-client.key ", "kill -HUP");
        none(findings, "unknown-authority");
    }

    @Test
    void splitCaWithoutClientNodeCertificate() {
        CertsDirs.healthyNode(dir, CA);
        CLIENT_CA.writeCert(dir.resolve("ca-client.crt"));
        CLIENT_CA.issue("root").clientAuth().build().writeTo(dir, "client.root");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "split-ca-mismatch", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "as the node's client certificate (no client.node.crt) only against ca-client.crt",
                "the node needs its own client.node.crt signed by ca-client.crt");
        contains(f.fix(), "cockroach cert create-client node --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca-client.key");
        none(findings, "unknown-authority");
    }

    @Test
    void completeSplitCaAndSplitNodeSetupIsHealthy() {
        CA.writeCert(dir.resolve("ca.crt"));
        CLIENT_CA.writeCert(dir.resolve("ca-client.crt"));
        CA.issue("node").sans("localhost").serverAuth().build().writeTo(dir, "node");
        CLIENT_CA.issue("node").clientAuth().build().writeTo(dir, "client.node");
        CLIENT_CA.issue("root").clientAuth().build().writeTo(dir, "client.root");
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }

    @Test
    void clientFromAnUnrelatedCaInASplitSetupIsAnUnknownAuthority() {
        CertsDirs.healthyNode(dir, CA);
        CLIENT_CA.writeCert(dir.resolve("ca-client.crt"));
        CLIENT_CA.issue("node").clientAuth().build().writeTo(dir, "client.node");
        Pki.ca("Stranger CA").build().issue("root").clientAuth().build().writeTo(dir, "client.root");
        List<Finding> findings = Doctor.dir(dir);
        Finding f = only(findings, "unknown-authority", Severity.ERROR, dir.resolve("client.root.crt"));
        contains(f.message(), "against ca-client.crt");
        none(findings, "split-ca-mismatch");
    }

    @Test
    void uiCertificateSignedByTheMainCaWhenCaUiExists() {
        CertsDirs.healthyNode(dir, CA);
        Pki.ca("Cockroach UI CA").build().writeCert(dir.resolve("ca-ui.crt"));
        CA.issue("localhost").sans("localhost").serverAuth().build().writeTo(dir, "ui");
        Finding f = only(Doctor.dir(dir), "split-ca-mismatch", Severity.ERROR, dir.resolve("ui.crt"));
        contains(f.message(), "ca-ui.crt exists, so it is verified as the DB Console certificate only against ca-ui.crt");
    }

    @Test
    void nodeCertificateServesTheDbConsoleWhenThereIsNoUiCrt() {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued uiCa = Pki.ca("Cockroach UI CA").build();
        uiCa.writeCert(dir.resolve("ca-ui.crt"));
        Finding f = only(Doctor.dir(dir), "split-ca-mismatch", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "so it is verified as the DB Console certificate (no ui.crt) only against ca-ui.crt",
                "the DB Console needs its own ui.crt signed by ca-ui.crt");
        contains(f.fix(), "-out " + dir.resolve("ui.crt"), "-CA " + dir.resolve("ca-ui.crt") + " -CAkey \"$HOME\"/my-safe-directory/ca-ui.key ");
        uiCa.issue("localhost").sans("localhost").serverAuth().build().writeTo(dir, "ui");
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }

    @Test
    void tenantCertificatesVerifyAgainstTheTenantCaOrTheClientCa() {
        CertsDirs.healthyNode(dir, CA);
        Pki.Issued tenantCa = Pki.ca("Cockroach Tenant CA").build();
        tenantCa.writeCert(dir.resolve("ca-client-tenant.crt"));
        tenantCa.issue("O=Cockroach,OU=Tenants,CN=10").sans("localhost").serverAndClient().build().writeTo(dir, "client-tenant.10");
        CA.issue("O=Cockroach,OU=Tenants,CN=11").sans("localhost").serverAndClient().build().writeTo(dir, "client-tenant.11");
        Doctor.clean(Doctor.dir(dir, "localhost"));
        Pki.ca("Stranger CA").build().issue("O=Cockroach,OU=Tenants,CN=12").sans("localhost").serverAndClient().build().writeTo(dir, "client-tenant.12");
        Finding f = only(Doctor.dir(dir), "unknown-authority", Severity.ERROR, dir.resolve("client-tenant.12.crt"));
        contains(f.message(), "against ca-client-tenant.crt and ca.crt");
    }

    @Test
    void nodeCertificateWithoutClientAuth() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost").serverAuth().build().writeTo(dir, "node");
        Finding f = only(Doctor.dir(dir), "key-usage", Severity.ERROR, dir.resolve("node.crt"));
        assertEquals("needs extended key usage clientAuth (node.crt is also the node's client certificate when there is no client.node.crt), "
                + "but has only serverAuth (error seen: x509: certificate specifies an incompatible key usage)", f.message());
        contains(f.fix(), "cockroach cert create-node localhost --certs-dir=" + dir + " --ca-key=\"$HOME\"/my-safe-directory/ca.key --overwrite", "kill -HUP");
    }

    @Test
    void splitNodeCertificateNeedsOnlyServerAuth() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost").serverAuth().build().writeTo(dir, "node");
        CA.issue("node").clientAuth().build().writeTo(dir, "client.node");
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }

    @Test
    void clientNodeCertificateWithoutClientAuth() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").serverAuth().build().writeTo(dir, "client.node");
        Finding f = only(Doctor.dir(dir), "key-usage", Severity.ERROR, dir.resolve("client.node.crt"));
        contains(f.message(), "needs extended key usage clientAuth to be a TLS client");
    }

    @Test
    void certificatesWithoutExtendedKeyUsageAllowAnyUse() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost").build().writeTo(dir, "node");
        CA.issue("root").build().writeTo(dir, "client.root");
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }

    @Test
    void caWhoseExtendedKeyUsageExcludesClientAuth() {
        Pki.Issued restricted = Pki.ca("Cockroach CA").serverAuth().build();
        CertsDirs.healthyNode(dir, restricted);
        List<Finding> findings = Doctor.dir(dir);
        Finding f = Doctor.of(findings, "key-usage").stream().filter(x -> x.subject().equals(dir.resolve("node.crt").toString())).findFirst().orElseThrow();
        assertEquals(Severity.ERROR, f.severity());
        contains(f.message(), "its issuer 'CN=Cockroach CA,O=Cockroach' restricts extended key usage to serverAuth, which excludes clientAuth");
    }

    @Test
    void uiCertificateWithClientAuthOnly() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("localhost").sans("localhost").clientAuth().build().writeTo(dir, "ui");
        Finding f = only(Doctor.dir(dir), "key-usage", Severity.ERROR, dir.resolve("ui.crt"));
        contains(f.message(), "needs extended key usage serverAuth to be a TLS server, but has only clientAuth");
    }

    @Test
    void sha1SignedCertificate() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost").serverAndClient().signatureAlgorithm("SHA1withRSA").build().writeTo(dir, "node");
        Finding f = only(Doctor.dir(dir), "weak-signature", Severity.ERROR, dir.resolve("node.crt"));
        assertEquals("the certificate 'CN=node,O=Cockroach' is signed with SHA1withRSA, which Go and OpenSSL 3 reject (x509: insecure algorithm)", f.message());
        contains(f.fix(), "signed with SHA-256", "cockroach cert create-node localhost --certs-dir=" + dir);
    }

    @Test
    void sha1SelfSignedRootIsExempt() {
        CertsDirs.healthyNode(dir, Pki.ca("Cockroach CA").signatureAlgorithm("SHA1withRSA").build());
        none(Doctor.dir(dir), "weak-signature");
    }

    @Test
    void sha1SignedIntermediate() {
        Pki.Issued intermediate = CA.issue("Intermediate CA").ca().pathLen(0).signatureAlgorithm("SHA1withRSA").build();
        CA.writeCert(dir.resolve("ca.crt"));
        intermediate.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node", intermediate.cert());
        Finding f = only(Doctor.dir(dir), "weak-signature", Severity.ERROR, dir.resolve("node.crt"));
        contains(f.message(), "certificate #2 'CN=Intermediate CA,O=Cockroach' is signed with SHA1withRSA");
    }

    @Test
    void rsa1024KeyIsAWarning() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").clientAuth().key("RSA:1024").build().writeTo(dir, "client.root");
        Finding f = only(Doctor.dir(dir), "weak-key", Severity.WARNING, dir.resolve("client.root.crt"));
        assertEquals("the certificate 'CN=root,O=Cockroach' has an RSA key of 1024 bits (minimum 2048)", f.message());
        contains(f.fix(), "--key-size=2048", "cockroach cert create-client root --certs-dir=" + dir);
    }

    @Test
    void rsaKeyUnder1024BitsIsAnError() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("root").clientAuth().key("RSA:768").build().writeTo(dir, "client.root");
        Finding f = only(Doctor.dir(dir), "weak-key", Severity.ERROR, dir.resolve("client.root.crt"));
        contains(f.message(), "has an RSA key of 768 bits");
    }

    @Test
    void weakCaKey() {
        CertsDirs.healthyNode(dir, Pki.ca("Cockroach CA").key("RSA:1024").build());
        only(Doctor.dir(dir), "weak-key", Severity.WARNING, dir.resolve("ca.crt"));
    }

    @Test
    void ecP256AndEd25519KeysAreStrongEnough() {
        CertsDirs.healthyNode(dir, CA);
        CA.issue("node").sans("localhost").serverAndClient().key("EC:secp256r1").build().writeTo(dir, "node");
        CA.issue("root").clientAuth().key("Ed25519").build().writeTo(dir, "client.root");
        Doctor.clean(Doctor.dir(dir, "localhost"));
    }
}
