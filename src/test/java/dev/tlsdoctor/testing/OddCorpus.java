package dev.tlsdoctor.testing;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.OddCertificates.Oddity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * A tree of the certificate files users have besides PEM: per round, every {@link Oddity} as DER and
 * PEM, PKCS#7 bundles (DER and PEM, one holding an odd certificate), a PKCS#12 file with a key and its
 * chain, a JKS trust store and a JCEKS key store (all with {@link #PASSWORD}), OpenSSL's X509 and TRUSTED
 * CERTIFICATE blocks, a truncated copy of each container and of a DER certificate, and random bytes.
 */
public final class OddCorpus {
    public static final String PASSWORD = "CorpusPassword2026x";
    /** Files a round writes. */
    public static final int FILES_PER_ROUND = 2 * Oddity.values().length + 12;

    private OddCorpus() {}

    public static void write(Path dir, int rounds) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Pki.Issued ca = Pki.ca("Corpus CA").build();
        Random random = new Random(15);
        for (int i = 0; i < rounds; i++) {
            Path round = Files.createDirectories(dir.resolve("round" + i));
            for (Oddity oddity : Oddity.values()) {
                String name = oddity.name().toLowerCase(java.util.Locale.ROOT);
                Files.write(round.resolve(name + ".der"), OddCertificates.der(oddity, name + i, ca));
                Files.writeString(round.resolve(name + ".pem"), OddCertificates.pem(oddity, name + i, ca));
            }
            Pki.Issued leaf = ca.issue("app" + i).sans("app" + i + ".example.com").serverAndClient().build();
            byte[] p7b = pkcs7(List.of(leaf.cert(), ca.cert()), OddCertificates.der(Oddity.MONTH_13, "bundled" + i, ca));
            Files.write(round.resolve("chain.p7b"), p7b);
            Files.writeString(round.resolve("chain.p7c"), pem("PKCS7", p7b));
            byte[] p12 = store("PKCS12", s -> s.setKeyEntry("app", leaf.keyPair().getPrivate(), PASSWORD.toCharArray(), new Certificate[] {leaf.cert(), ca.cert()}));
            Files.write(round.resolve("client.p12"), p12);
            java.security.cert.X509Certificate otherCa = Pki.ca("Other CA " + i).build().cert();
            byte[] jks = store("JKS", s -> {
                s.setCertificateEntry("corpus-ca", ca.cert());
                s.setCertificateEntry("other-ca", otherCa);
            });
            Files.write(round.resolve("truststore.jks"), jks);
            byte[] jceks = store("JCEKS", s -> s.setKeyEntry("app", leaf.keyPair().getPrivate(), PASSWORD.toCharArray(), new Certificate[] {leaf.cert(), ca.cert()}));
            Files.write(round.resolve("keys.jceks"), jceks);
            byte[] leafDer = leaf.cert().getEncoded();
            Files.writeString(round.resolve("x509.pem"), pem("X509 CERTIFICATE", leafDer));
            // the certificate, then OpenSSL's X509_CERT_AUX trusting it for serverAuth
            byte[] aux = {0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
            Files.writeString(round.resolve("trusted.pem"), pem("TRUSTED CERTIFICATE", concat(ca.cert().getEncoded(), aux)));
            Files.write(round.resolve("cut.p12"), half(p12));
            Files.write(round.resolve("cut.jks"), half(jks));
            Files.write(round.resolve("cut.p7b"), half(p7b));
            Files.write(round.resolve("cut.der"), half(leafDer));
            byte[] garbage = new byte[300 + random.nextInt(700)];
            random.nextBytes(garbage);
            Files.write(round.resolve("garbage.bin"), garbage);
        }
    }

    /** For the benchmark (not a test). Usage: OddCorpus DIR ROUNDS */
    public static void main(String[] args) throws Exception {
        write(Path.of(args[0]), Integer.parseInt(args[1]));
    }

    private interface Filler {
        void fill(KeyStore store) throws GeneralSecurityException;
    }

    private static byte[] store(String type, Filler filler) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        filler.fill(store);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, PASSWORD.toCharArray());
        return out.toByteArray();
    }

    /** A degenerate SignedData (certificates, no signers), as openssl crl2pkcs7 and Windows' .p7b export write. */
    private static byte[] pkcs7(List<java.security.cert.X509Certificate> certs, byte[] odd) throws IOException, GeneralSecurityException {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certs));
            generator.addCertificate(new org.bouncycastle.cert.X509CertificateHolder(org.bouncycastle.asn1.x509.Certificate.getInstance(odd)));
            return generator.generate(new CMSProcessableByteArray(new byte[0]), false).getEncoded();
        } catch (org.bouncycastle.cms.CMSException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] half(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length / 2);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
