package dev.tlsdoctor.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate issuance with BouncyCastle, in one place: the repairs of {@code tls-doctor fix}, the demo's
 * deliberately flawed set, and every test's certificates (so no test data rots). Defaults follow what
 * {@code cockroach cert} produces (pkg/security/x509.go newTemplate, pkg/cli/cert.go): RSA 2048,
 * O=Cockroach, a random serial below 2^128, notBefore one day back, 5 years (CA 10); see docs/fix.md.
 *
 * <pre>
 * Pki.Issued ca = Pki.ca("Cockroach CA").build();
 * Pki.Issued node = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build();
 * node.writeTo(dir, "node");   // node.crt + node.key (0600)
 * </pre>
 */
public final class Pki {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** RSA key generation dominates test time: reuse keys of the same kind unless a test asks for a fresh one. */
    private static final ConcurrentHashMap<String, List<KeyPair>> KEY_POOL = new ConcurrentHashMap<>();
    private static final int POOL_SIZE = 8;
    private static final AtomicLong POOL_CURSOR = new AtomicLong();

    private Pki() {}

    public static Builder ca(String cn) {
        return new Builder(null, cn).ca();
    }

    /** A self-signed certificate that is not a CA. */
    public static Builder selfSigned(String cn) {
        return new Builder(null, cn);
    }

    /** A key pair of the given kind ("RSA:2048", "RSA:1024", "EC:secp256r1", "Ed25519"), from a small pool. */
    public static KeyPair key(String kind) {
        List<KeyPair> pool = KEY_POOL.computeIfAbsent(kind, k -> {
            List<KeyPair> keys = new ArrayList<>();
            for (int i = 0; i < POOL_SIZE; i++) {
                keys.add(freshKey(k));
            }
            return keys;
        });
        return pool.get((int) (POOL_CURSOR.getAndIncrement() % POOL_SIZE));
    }

    public static KeyPair freshKey(String kind) {
        try {
            String[] parts = kind.split(":");
            KeyPairGenerator gen = KeyPairGenerator.getInstance(parts[0]);
            if (parts[0].equals("RSA")) {
                gen.initialize(Integer.parseInt(parts[1]), new SecureRandom());
            } else if (parts[0].equals("EC")) {
                gen.initialize(new ECGenParameterSpec(parts[1]));
            }
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with its key and the chain above it (issuer first, root last). */
    public record Issued(X509Certificate cert, KeyPair keyPair, List<X509Certificate> chain) {
        public Builder issue(String cn) {
            return new Builder(this, cn);
        }

        public String certPem() {
            return pem(cert);
        }

        /** The key as openssl and cockroach cert write it: PKCS#1 for RSA, SEC1 (with its curve) for EC, PKCS#8 for Ed25519. */
        public String keyPem() {
            return traditionalKeyPem(keyPair);
        }

        /** The private key as PKCS#8 DER: what {@code cockroach cert --also-generate-pkcs8-key} writes to {@code .key.pk8} for Java clients. */
        public byte[] keyPkcs8Der() {
            return keyPair.getPrivate().getEncoded();
        }

        /** Writes {@code <stem>.crt} (the certificate, then {@code extra} certificates) and {@code <stem>.key} with mode 0600. */
        public Path writeTo(Path dir, String stem, X509Certificate... extra) {
            StringBuilder crt = new StringBuilder(certPem());
            for (X509Certificate c : extra) {
                crt.append(pem(c));
            }
            Path certFile = write(dir.resolve(stem + ".crt"), crt.toString());
            writeKey(dir.resolve(stem + ".key"), keyPem());
            return certFile;
        }

        /** Writes only the certificate, as {@code <name>} (for CA files and odd names). */
        public Path writeCert(Path file) {
            return write(file, certPem());
        }
    }

    public static final class Builder {
        private final Issued issuer;
        private final X500Name subject;
        private final List<GeneralName> sans = new ArrayList<>();
        private final List<KeyPurposeId> ekus = new ArrayList<>();
        private boolean ca;
        private Integer pathLen = 1;
        private Integer keyUsage;
        private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        private Instant notAfter;
        private KeyPair keyPair;
        private String signatureAlgorithm;
        private String keyKind = "RSA:2048";
        private final List<String> ocspUrls = new ArrayList<>();
        private final List<String> crlUrls = new ArrayList<>();
        private final List<String> permittedDns = new ArrayList<>();

        private Builder(Issued issuer, String cn) {
            this.issuer = issuer;
            this.subject = cn.contains("=") ? new X500Name(cn) : cockroachSubject(cn);
        }

        public Builder ca() {
            ca = true;
            keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
            return this;
        }

        /** A CA without basicConstraints CA:TRUE (for ca-constraints tests). */
        public Builder notCa() {
            ca = false;
            return this;
        }

        public Builder pathLen(Integer pathLen) {
            this.pathLen = pathLen;
            return this;
        }

        public Builder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        /** Adds SANs: IP literals become IP SANs, {@code URI:x} a URI SAN, {@code email:x} an email, {@code DNS:x} always DNS, else DNS. */
        public Builder sans(String... names) {
            for (String name : names) {
                if (name.startsWith("DNS:")) {
                    sans.add(new GeneralName(GeneralName.dNSName, name.substring(4)));
                } else if (name.startsWith("URI:")) {
                    sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, name.substring(4)));
                } else if (name.startsWith("email:")) {
                    sans.add(new GeneralName(GeneralName.rfc822Name, name.substring(6)));
                } else if (name.matches("[0-9.]+") || name.contains(":")) {
                    sans.add(new GeneralName(GeneralName.iPAddress, name));
                } else {
                    sans.add(new GeneralName(GeneralName.dNSName, name));
                }
            }
            return this;
        }

        public Builder serverAuth() {
            ekus.add(KeyPurposeId.id_kp_serverAuth);
            return this;
        }

        public Builder clientAuth() {
            ekus.add(KeyPurposeId.id_kp_clientAuth);
            return this;
        }

        public Builder serverAndClient() {
            return serverAuth().clientAuth();
        }

        public Builder eku(KeyPurposeId id) {
            ekus.add(id);
            return this;
        }

        public Builder validFrom(Instant from) {
            this.notBefore = from;
            return this;
        }

        public Builder validUntil(Instant until) {
            this.notAfter = until;
            return this;
        }

        /** Valid from {@code start} (relative to now) for {@code length}. */
        public Builder validity(Duration start, Duration length) {
            this.notBefore = Instant.now().plus(start);
            this.notAfter = notBefore.plus(length);
            return this;
        }

        public Builder keyPair(KeyPair keyPair) {
            this.keyPair = keyPair;
            return this;
        }

        /** "RSA:2048" (default), "RSA:1024", "EC:secp256r1", "EC:secp224r1", "Ed25519". */
        public Builder key(String kind) {
            this.keyKind = kind;
            return this;
        }

        public Builder signatureAlgorithm(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        /** Adds an OCSP responder URL to the Authority Information Access extension. Repeatable. */
        public Builder ocspUrl(String url) {
            ocspUrls.add(url);
            return this;
        }

        /** Adds a CRL distribution point URL. Repeatable. */
        public Builder crlUrl(String url) {
            crlUrls.add(url);
            return this;
        }

        /** A critical nameConstraints extension that permits only these DNS subtrees (e.g. "example.com"). */
        public Builder permittedDns(String... domains) {
            permittedDns.addAll(List.of(domains));
            return this;
        }

        public Issued build() {
            try {
                KeyPair keys = keyPair != null ? keyPair : Pki.key(keyKind);
                KeyPair signer = issuer != null ? issuer.keyPair() : keys;
                X500Name issuerName = issuer != null ? X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded()) : subject;
                Instant until = notAfter != null ? notAfter : notBefore.plus(Duration.ofDays(ca ? 3660 : 1830));
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                        serial(), Date.from(notBefore), Date.from(until), subject, keys.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
                if (issuer != null) {
                    b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer.cert()));
                }
                if (ca) {
                    b.addExtension(Extension.basicConstraints, true, pathLen == null ? new BasicConstraints(true) : new BasicConstraints(pathLen));
                }
                if (keyUsage != null) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                } else if (!ca) {
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                }
                if (!ekus.isEmpty()) {
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.toArray(KeyPurposeId[]::new)));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
                }
                if (!ocspUrls.isEmpty()) {
                    b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(ocspUrls.stream()
                            .map(u -> new AccessDescription(AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, u)))
                            .toArray(AccessDescription[]::new)));
                }
                if (!crlUrls.isEmpty()) {
                    b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(crlUrls.stream()
                            .map(u -> new DistributionPoint(new DistributionPointName(new GeneralNames(
                                    new GeneralName(GeneralName.uniformResourceIdentifier, u))), null, null))
                            .toArray(DistributionPoint[]::new)));
                }
                if (!permittedDns.isEmpty()) {
                    b.addExtension(Extension.nameConstraints, true, new NameConstraints(permittedDns.stream()
                            .map(d -> new GeneralSubtree(new GeneralName(GeneralName.dNSName, d))).toArray(GeneralSubtree[]::new), null));
                }
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm : defaultAlgorithm(signer);
                X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                        b.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
                List<X509Certificate> chain = new ArrayList<>();
                if (issuer != null) {
                    chain.add(issuer.cert());
                    chain.addAll(issuer.chain());
                }
                return new Issued(cert, keys, chain);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build certificate " + subject, e);
            }
        }

        private static String defaultAlgorithm(KeyPair signer) {
            return switch (signer.getPrivate().getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> "SHA256withRSA";
            };
        }
    }

    /**
     * The traditional OpenSSL form: PKCS#1 {@code RSA PRIVATE KEY} for RSA (what cockroach cert writes),
     * SEC1 {@code EC PRIVATE KEY} with the curve and public key for EC (what openssl ecparam -genkey writes).
     */
    public static String traditionalKeyPem(KeyPair keys) {
        if (!keys.getPrivate().getAlgorithm().equals("EC")) {
            return pem(keys.getPrivate());
        }
        // The JDK's PKCS#8 encoding keeps the curve outside the inner SEC1 structure; openssl puts it inside.
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        try {
            org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            DERBitString publicKey = new DERBitString(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes());
            ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
            int orderBits = ((ECPrivateKey) keys.getPrivate()).getParams().getOrder().bitLength();
            return pem(new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, inner.getKey(), publicKey, curve).getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** O=Cockroach, CN={@code cn}, in that order, as cockroach cert's newTemplate names every certificate; {@code cn} taken literally. */
    public static X500Name cockroachSubject(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Cockroach").addRDN(BCStyle.CN, cn).build();
    }

    /** A random positive serial below 2^128, as cockroach cert's newTemplate draws it. */
    public static BigInteger serial() {
        return new BigInteger(128, RANDOM).max(BigInteger.ONE);
    }

    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path writeKey(Path file, String content) {
        write(file, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
