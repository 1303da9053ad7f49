package dev.tlsdoctor.bench;

import dev.tlsdoctor.pki.Pki;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a node certs directory with N client certificates, for the benchmark (not a test).
 * All clients share one key: key generation is not what is being measured.
 * Usage: MakeCertsDir DIR N
 */
public final class MakeCertsDir {
    private MakeCertsDir() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int clients = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        Pki.Issued ca = Pki.ca("Cockroach CA").build();
        ca.writeCert(dir.resolve("ca.crt"));
        ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build().writeTo(dir, "node");
        java.security.KeyPair shared = Pki.key("RSA:2048");
        for (int i = 0; i < clients; i++) {
            ca.issue("user" + i).clientAuth().keyPair(shared).build().writeTo(dir, "client.user" + i);
        }
    }
}
