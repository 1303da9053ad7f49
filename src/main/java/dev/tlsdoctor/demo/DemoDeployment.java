package dev.tlsdoctor.demo;

import dev.tlsdoctor.pki.Pki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A small, deliberately flawed CockroachDB deployment on 127.0.0.1: a certs directory, a node that
 * speaks pgwire's SSLRequest handshake and direct TLS, and the OCSP responder its certificates name.
 * The story: the node's certificate was rotated after a key leak, but the new files have problems of
 * their own and the running node was never told to reload.
 */
public final class DemoDeployment implements AutoCloseable {
    /** A problem planted on purpose, the rule that should name it, and where it shows. */
    public record PlantedFlaw(String rule, String what, String evidence) {}

    public static final String USER = "maxroach";

    public static final List<PlantedFlaw> FLAWS = List.of(
            new PlantedFlaw("key-permissions", "node.key is readable by everyone (mode 0644)", "files"),
            new PlantedFlaw("san-missing-host", "the new node.crt lost 127.0.0.1 from its SANs", "files"),
            new PlantedFlaw("expiring-soon", "client.root.crt expires in 12 days", "files"),
            new PlantedFlaw("client-cn", "client.maxroach.crt says CN=max_roach", "files"),
            new PlantedFlaw("served-cert-differs", "the node still serves the certificate it had before the rotation", "handshake"),
            new PlantedFlaw("sql-auth-failed", "so the node refuses the SQL login as maxroach", "SQL login"),
            new PlantedFlaw("revoked", "the old certificate, still served, was revoked after the leak", "OCSP"));

    private final Path certsDir;
    private final DemoOcspResponder responder;
    private final DemoNode node;

    private DemoDeployment(Path certsDir, DemoOcspResponder responder, DemoNode node) {
        this.certsDir = certsDir;
        this.responder = responder;
        this.node = node;
    }

    /** Writes the certificate set into {@code certsDir} (which must be empty) and starts the node and the responder. */
    public static DemoDeployment start(Path certsDir) throws IOException {
        DemoOcspResponder responder = new DemoOcspResponder();
        try {
            String ocsp = responder.url();
            Instant now = Instant.now();
            Pki.Issued ca = Pki.ca("Cockroach CA").keyPair(freshKey()).build();
            Pki.Issued oldNode = ca.issue("node").keyPair(freshKey()).sans("localhost", "127.0.0.1").serverAndClient().ocspUrl(ocsp)
                    .validFrom(now.minus(Duration.ofDays(200))).build();
            Pki.Issued newNode = ca.issue("node").keyPair(freshKey()).sans("localhost", "node1.demo.internal").serverAndClient().ocspUrl(ocsp).build();
            Pki.Issued root = ca.issue("root").keyPair(freshKey()).clientAuth().ocspUrl(ocsp)
                    .validFrom(now.minus(Duration.ofDays(353))).validUntil(now.plus(Duration.ofDays(12)).plusSeconds(3600)).build();
            Pki.Issued maxroach = ca.issue("max_roach").keyPair(freshKey()).clientAuth().ocspUrl(ocsp).build();
            responder.answerFor(ca);
            responder.revoke(oldNode.cert().getSerialNumber());

            Files.createDirectories(certsDir);
            ca.writeCert(certsDir.resolve("ca.crt"));
            newNode.writeTo(certsDir, "node");
            Files.setPosixFilePermissions(certsDir.resolve("node.key"), PosixFilePermissions.fromString("rw-r--r--"));
            root.writeTo(certsDir, "client.root");
            maxroach.writeTo(certsDir, "client." + USER);
            return new DemoDeployment(certsDir, responder, new DemoNode(oldNode, ca.cert()));
        } catch (IOException | RuntimeException e) {
            responder.close();
            throw e;
        }
    }

    /** EC P-256: as good as cockroach cert's RSA 2048 for the story, and generated in a millisecond. */
    private static KeyPair freshKey() {
        return Pki.freshKey("EC:secp256r1");
    }

    public Path certsDir() {
        return certsDir;
    }

    /** The node's SQL (and RPC) address. */
    public String nodeAddress() {
        return "127.0.0.1:" + node.port();
    }

    public String ocspUrl() {
        return responder.url();
    }

    @Override
    public void close() throws IOException {
        try {
            node.close();
        } finally {
            responder.close();
        }
    }
}
