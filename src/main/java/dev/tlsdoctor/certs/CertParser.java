package dev.tlsdoctor.certs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads certificates from a file's bytes: PEM (one or many blocks, OpenSSL's {@code X509 CERTIFICATE}
 * and {@code TRUSTED CERTIFICATE} and {@code PKCS7} blocks included), DER, PKCS#7 and PKCS#12 files, Java
 * key stores (JKS, JCEKS), a Vault PKI {@code issue} response, or a CockroachDB Cloud client-CA upload
 * payload. A certificate the JDK's parser refuses is read with BouncyCastle and reported as a
 * {@link RefusedCertificate}; only bytes that are no certificate at all are malformed.
 */
public final class CertParser {
    /** Loaded only when a JSON bundle is met: Jackson databind is a noticeable part of start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    /** One factory per thread: the JCA provider lookup costs more than parsing a certificate. */
    static final ThreadLocal<CertificateFactory> X509_FACTORY = ThreadLocal.withInitial(() -> {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every JDK provides X.509 certificates", e);
        }
    });

    /** How a file is written; only {@link #PEM} (CERTIFICATE blocks) is what CockroachDB reads. */
    public enum Encoding {
        PEM("PEM"), DER("DER"), VAULT_JSON("a Vault JSON response"), CLOUD_JSON("a Cloud JSON payload"),
        /** PEM with OpenSSL's X509 CERTIFICATE or TRUSTED CERTIFICATE blocks, which Go skips. */
        OPENSSL_PEM("PEM with OpenSSL's X509 CERTIFICATE or TRUSTED CERTIFICATE blocks"),
        PKCS7("PKCS#7"), PKCS7_PEM("a PEM PKCS7 block"), PKCS12("PKCS#12"), JKS("a JKS key store"), JCEKS("a JCEKS key store");

        private final String description;

        Encoding(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** A file of several entries, each judged on its own and named by its place. */
        public boolean isContainer() {
            return this == PKCS7 || this == PKCS7_PEM || this == PKCS12 || this == JKS || this == JCEKS;
        }
    }

    /**
     * One entry of a container: a key with its chain, or a certificate on its own.
     *
     * @param place where it is in the file: {@code #2} (the second certificate) or {@code :alias}
     * @param certs its certificates, leaf first
     * @param key the private key of a key entry, else null
     * @param keyNotOpened why a key entry's key was not opened (no password given; a password of its own), else null
     * @param keyProblem why a key entry's key, opened, cannot be read (damaged, of an unsupported algorithm), else null
     */
    public record Entry(String place, List<X509Certificate> certs, ParsedKey key, String keyNotOpened, String keyProblem) {
        Entry(String place, List<X509Certificate> certs) {
            this(place, certs, null, null, null);
        }
    }

    /**
     * @param certs the file's own certificates, leaf first ({@code data.certificate} for Vault); every certificate of a container
     * @param chain certificates that came with it as its chain ({@code issuing_ca}, {@code ca_chain})
     * @param embeddedKey a private key that came in the same file (Vault {@code private_key}), else null
     * @param entries a container's entries, each judged on its own; empty for other files
     * @param refused the certificates the JDK's parser refused (those BouncyCastle read are in {@code certs} too)
     */
    public record Parsed(List<X509Certificate> certs, Encoding encoding, List<X509Certificate> chain, byte[] embeddedKey,
            List<Entry> entries, List<RefusedCertificate> refused) {
        Parsed(List<X509Certificate> certs, Encoding encoding, List<X509Certificate> chain, byte[] embeddedKey) {
            this(certs, encoding, chain, embeddedKey, List.of(), List.of());
        }

        /** Every certificate that came in the file: its own, then its chain. */
        public List<X509Certificate> all() {
            List<X509Certificate> all = new ArrayList<>(certs);
            all.addAll(chain);
            return all;
        }
    }

    private CertParser() {}

    /** As {@link #parse(Path, byte[], Passwords)} with the password from the environment or the terminal. */
    public static Parsed parse(Path file, byte[] bytes) throws BadFileException {
        return parse(file, bytes, Passwords.of(null));
    }

    public static Parsed parse(Path file, byte[] bytes, Passwords passwords) throws BadFileException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        // JSON first: a Vault or Cloud bundle holds PEM text inside its strings
        if (text.strip().startsWith("{")) {
            return parseJson(file, bytes);
        }
        if (Pem.mayContainBlocks(text)) {
            return parsePemFile(file, bytes);
        }
        if (Containers.isKeyStore(bytes)) {
            return Containers.keyStore(file, bytes, passwords);
        }
        if ((bytes[0] & 0xff) == 0x30) {
            return parseDerFile(file, bytes, passwords);
        }
        throw new BadFileException(file, BadFileException.Kind.NOT_A_CERTIFICATE,
                "no certificates found (not PEM, DER, PKCS#7, PKCS#12, a Java key store or a JSON certificate bundle)");
    }

    /** DER: a certificate, else a PKCS#7 or PKCS#12 file, told apart by their outline. */
    private static Parsed parseDerFile(Path file, byte[] bytes, Passwords passwords) throws BadFileException {
        if (Containers.isPkcs12(bytes)) {
            return Containers.pkcs12(file, bytes, passwords);
        }
        if (Containers.isPkcs7(bytes)) {
            return Containers.pkcs7(file, bytes, Encoding.PKCS7);
        }
        List<RefusedCertificate> refused = new ArrayList<>(0);
        X509Certificate cert = new CertReader(file, Encoding.DER, refused).read(bytes, "", "the DER certificate");
        return new Parsed(cert == null ? List.of() : List.of(cert), Encoding.DER, List.of(), null, List.of(), refused);
    }

    /**
     * False for text {@link #parse} is sure to reject, PEM with no certificate block (a key, a CSR),
     * told without decoding anything; true for anything else, which only parsing can tell.
     */
    public static boolean mayHoldCertificates(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.strip().startsWith("{") || !Pem.mayContainBlocks(text) || text.contains("-----BEGIN CERTIFICATE")
                || text.contains("-----BEGIN X509 CERTIFICATE") || text.contains("-----BEGIN TRUSTED CERTIFICATE") || text.contains("-----BEGIN PKCS7");
    }

    /** Every certificate in {@code file}, the chain that came with it (Vault's issuing_ca, ca_chain) included. */
    public static List<X509Certificate> certificatesIn(Path file) throws BadFileException {
        return certificatesIn(file, Passwords.of(null));
    }

    /** Every certificate parsed: the file's own, then the chain that came with them. */
    public static List<X509Certificate> all(Parsed parsed) {
        return parsed.all();
    }

    /** As {@link #certificatesIn(Path)}, with the password for a PKCS#12 file or key store from {@code passwords}. */
    public static List<X509Certificate> certificatesIn(Path file, Passwords passwords) throws BadFileException {
        Parsed parsed = parse(file, FileBytes.read(file), passwords);
        if (parsed.all().isEmpty()) {
            // only certificates no client can use: nothing to trust or to build chains with
            throw new BadFileException(file, "holds no certificate the JDK or BouncyCastle can read: " + parsed.refused().get(0).jdkReason());
        }
        return parsed.all();
    }

    /** A PEM file: its CERTIFICATE blocks, or OpenSSL's variants of them, or a PKCS7 block. */
    private static Parsed parsePemFile(Path file, byte[] text) throws BadFileException {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.blocks(text);
        } catch (Pem.MalformedException e) {
            throw new BadFileException(file, "malformed PEM (truncated or damaged): " + e.getMessage());
        }
        if (blocks.size() == 1 && blocks.get(0).type().equals("PKCS7")) {
            return Containers.pkcs7(file, blocks.get(0).der(), Encoding.PKCS7_PEM);
        }
        List<RefusedCertificate> refused = new ArrayList<>(0);
        Encoding encoding = blocks.stream().allMatch(b -> b.type().equals("CERTIFICATE")) ? Encoding.PEM : Encoding.OPENSSL_PEM;
        return new Parsed(parsePem(file, blocks, encoding, refused), encoding, List.of(), null, List.of(), refused);
    }

    /** A PEM string inside a JSON bundle: CERTIFICATE blocks only. */
    static List<X509Certificate> parsePem(Path file, byte[] text) throws BadFileException {
        try {
            List<Pem.Block> blocks = Pem.blocks(text);
            for (int i = 0; i < blocks.size(); i++) {
                if (!blocks.get(i).type().equals("CERTIFICATE")) {
                    throw notCertificate(file, blocks.get(i), "#" + (i + 1));
                }
            }
            List<RefusedCertificate> refused = new ArrayList<>(0);
            List<X509Certificate> certs = parsePem(file, blocks, Encoding.PEM, refused);
            if (!refused.isEmpty()) {
                throw new BadFileException(file, "certificate " + refused.get(0).place() + " does not parse as X.509: " + refused.get(0).jdkReason());
            }
            return certs;
        } catch (Pem.MalformedException e) {
            throw new BadFileException(file, "malformed PEM (truncated or damaged): " + e.getMessage());
        }
    }

    /**
     * As Go's pem.Decode loop in CockroachDB, every block must hold a certificate (text around blocks is
     * ignored); OpenSSL's X509 CERTIFICATE and TRUSTED CERTIFICATE blocks are read as OpenSSL reads them.
     */
    private static List<X509Certificate> parsePem(Path file, List<Pem.Block> blocks, Encoding encoding, List<RefusedCertificate> refused)
            throws BadFileException {
        List<X509Certificate> certs = new ArrayList<>(blocks.size());
        CertReader reader = new CertReader(file, encoding, refused);
        for (int i = 0; i < blocks.size(); i++) {
            Pem.Block block = blocks.get(i);
            String index = "#" + (i + 1);
            byte[] der = switch (block.type()) {
                case "CERTIFICATE", "X509 CERTIFICATE" -> block.der();
                // the certificate, then OpenSSL's trust settings (X509_CERT_AUX): only the certificate is read
                case "TRUSTED CERTIFICATE" -> CertReader.firstElement(block.der());
                default -> throw notCertificate(file, block, index);
            };
            X509Certificate cert = reader.read(der, blocks.size() > 1 ? index : "", "certificate " + index);
            if (cert != null) {
                certs.add(cert);
            }
        }
        if (blocks.isEmpty()) {
            throw new BadFileException(file, BadFileException.Kind.NOT_A_CERTIFICATE, "no certificates found in the PEM text");
        }
        return certs;
    }

    private static BadFileException notCertificate(Path file, Pem.Block block, String index) {
        if (block.type().contains("PRIVATE KEY")) {
            return new BadFileException(file, "block " + index + " is a private key (" + block.typeShown()
                    + "), not a CERTIFICATE: a key was pasted into a certificate file");
        }
        return new BadFileException(file, BadFileException.Kind.NOT_A_CERTIFICATE, "block " + index + " is of type " + block.typeShown() + ", not CERTIFICATE");
    }

    /** The innermost message (e.g. "Incomplete BER/DER data"), without the wrapping exceptions' class names. */
    static String rootCauseMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message == null ? null : message.lines().findFirst().orElse("");
    }

    private static Parsed parseJson(Path file, byte[] bytes) throws BadFileException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // where, not what: Jackson's message quotes the text it met, which in a damaged Vault response can be the private key
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new BadFileException(file, "looks like JSON but does not parse"
                    + (at != null ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : ""));
        } catch (IOException e) {
            throw new BadFileException(file, "cannot read JSON: " + e.getMessage());
        }
        JsonNode data = root.path("data");
        if (data.hasNonNull("certificate")) {
            List<X509Certificate> chain = new ArrayList<>();
            if (data.hasNonNull("issuing_ca")) {
                chain.addAll(pemField(file, data.get("issuing_ca"), "data.issuing_ca"));
            }
            for (JsonNode element : data.path("ca_chain")) {
                for (X509Certificate cert : pemField(file, element, "data.ca_chain")) {
                    if (!chain.contains(cert)) {
                        chain.add(cert);
                    }
                }
            }
            byte[] key = data.hasNonNull("private_key") ? data.get("private_key").asText().getBytes(StandardCharsets.US_ASCII) : null;
            return new Parsed(pemField(file, data.get("certificate"), "data.certificate"), Encoding.VAULT_JSON, chain, key);
        }
        if (root.hasNonNull("x509_pem_cert")) {
            return new Parsed(pemField(file, root.get("x509_pem_cert"), "x509_pem_cert"), Encoding.CLOUD_JSON, List.of(), null);
        }
        throw new BadFileException(file, BadFileException.Kind.NOT_A_CERTIFICATE, "JSON without a certificate (expected a Vault response with data.certificate or a Cloud payload with x509_pem_cert)");
    }

    private static List<X509Certificate> pemField(Path file, JsonNode node, String field) throws BadFileException {
        if (!node.isTextual()) {
            throw new BadFileException(file, field + " is not a PEM string");
        }
        try {
            return parsePem(file, node.asText().getBytes(StandardCharsets.UTF_8));
        } catch (BadFileException e) {
            throw new BadFileException(file, e.kind(), field + ": " + e.reason());
        }
    }
}
