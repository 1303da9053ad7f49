package dev.tlsdoctor.testing;

import dev.tlsdoctor.pki.Pki;

import java.nio.file.Path;

/** Ready-made certs directories for tests: a healthy node directory that a test then breaks in one way. */
public final class CertsDirs {
    private CertsDirs() {}

    /** A healthy node directory: ca.crt, node.crt/.key for localhost and 127.0.0.1, client.root.crt/.key. Returns the CA. */
    public static Pki.Issued healthyNode(Path dir) {
        return healthyNode(dir, Pki.ca("Cockroach CA").build());
    }

    /** {@link #healthyNode(Path)} with a CA the caller made (so a test class can share one). */
    public static Pki.Issued healthyNode(Path dir, Pki.Issued ca) {
        ca.writeCert(dir.resolve("ca.crt"));
        ca.issue("node").sans("localhost", "node1.example.com", "127.0.0.1").serverAndClient().build().writeTo(dir, "node");
        ca.issue("root").clientAuth().build().writeTo(dir, "client.root");
        return ca;
    }
}
