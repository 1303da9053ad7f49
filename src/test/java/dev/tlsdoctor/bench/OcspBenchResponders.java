package dev.tlsdoctor.bench;

import dev.tlsdoctor.demo.DemoOcspResponder;
import dev.tlsdoctor.pki.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * For bench/run (not a test): writes N leaf certificates, each file with its intermediate CA after it,
 * and serves the two OCSP responders they name (the intermediate's, for the leaves; the root's, for the
 * intermediate) on 127.0.0.1 until killed: BouncyCastle responders in this JVM (the demo's), so the figure
 * is tls-doctor's, not the cost of a process per request (openssl ocsp -index answers one request per
 * process on loopback). Writes DIR/ready when serving.
 * Usage: OcspBenchResponders DIR N
 */
public final class OcspBenchResponders {
    private OcspBenchResponders() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Pki.Issued root = Pki.ca("Bench Root CA").build();
        root.writeCert(dir.resolve("root.crt"));
        KeyPair intermediateKey = Pki.key("RSA:2048");
        Pki.Issued signingIntermediate = root.issue("Bench Issuing CA").ca().pathLen(0).keyPair(intermediateKey).build();
        DemoOcspResponder forRoot = new DemoOcspResponder();
        forRoot.answerFor(root);
        DemoOcspResponder forIntermediate = new DemoOcspResponder();
        forIntermediate.answerFor(signingIntermediate);
        Pki.Issued intermediate = root.issue("Bench Issuing CA").ca().pathLen(0).keyPair(intermediateKey).ocspUrl(forRoot.url()).build();
        KeyPair shared = Pki.key("RSA:2048"); // key generation is not what is measured
        for (int i = 0; i < count; i++) {
            Pki.Issued leaf = signingIntermediate.issue("user" + i).clientAuth().keyPair(shared).ocspUrl(forIntermediate.url()).build();
            leaf.writeTo(dir.resolve("certs"), "client.user" + i, intermediate.cert());
        }
        Files.writeString(dir.resolve("ready"), forRoot.url() + "\n" + forIntermediate.url() + "\n");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            forRoot.close();
            forIntermediate.close();
        }));
        Thread.sleep(Long.MAX_VALUE);
    }
}
