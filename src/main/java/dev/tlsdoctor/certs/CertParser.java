package dev.tlsdoctor.certs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads certificates from a file's bytes: PEM (one or many blocks), DER, a Vault PKI {@code issue}
 * response, or a CockroachDB Cloud client-CA upload payload.
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

    public enum Encoding { PEM, DER, VAULT_JSON, CLOUD_JSON }

    /**
     * @param certs the file's own certificates, leaf first ({@code data.certificate} for Vault)
     * @param chain certificates that came with it as its chain ({@code issuing_ca}, {@code ca_chain})
     * @param embeddedKey a private key that came in the same file (Vault {@code private_key}), else null
     */
    public record Parsed(List<X509Certificate> certs, Encoding encoding, List<X509Certificate> chain, byte[] embeddedKey) {}

    private CertParser() {}

    public static Parsed parse(Path file, byte[] bytes) throws BadFileException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        // JSON first: a Vault or Cloud bundle holds PEM text inside its strings
        if (text.strip().startsWith("{")) {
            return parseJson(file, bytes);
        }
        if (Pem.mayContainBlocks(text)) {
            return new Parsed(parsePem(file, bytes), Encoding.PEM, List.of(), null);
        }
        if ((bytes[0] & 0xff) == 0x30) {
            return new Parsed(List.of(parseDer(file, bytes, "the DER certificate")), Encoding.DER, List.of(), null);
        }
        throw new BadFileException(file, BadFileException.Kind.NOT_A_CERTIFICATE, "no certificates found (not PEM, DER or a JSON certificate bundle)");
    }

    /**
     * False for text {@link #parse} is sure to reject, PEM with no CERTIFICATE block (a key, a CSR),
     * told without decoding anything; true for anything else, which only parsing can tell.
     */
    public static boolean mayHoldCertificates(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.strip().startsWith("{") || !Pem.mayContainBlocks(text) || text.contains("-----BEGIN CERTIFICATE");
    }

    /** Every certificate in {@code file}, the chain that came with it (Vault's issuing_ca, ca_chain) included. */
    public static List<X509Certificate> certificatesIn(Path file) throws BadFileException {
        return all(parse(file, FileBytes.read(file)));
    }

    /** Every certificate parsed: the file's own, then the chain that came with them. */
    public static List<X509Certificate> all(Parsed parsed) {
        List<X509Certificate> all = new ArrayList<>(parsed.certs());
        all.addAll(parsed.chain());
        return all;
    }

    /** As Go's pem.Decode loop in CockroachDB: every block must be a CERTIFICATE; text around blocks is ignored. */
    static List<X509Certificate> parsePem(Path file, byte[] text) throws BadFileException {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.blocks(text);
        } catch (Pem.MalformedException e) {
            throw new BadFileException(file, "malformed PEM (truncated or damaged): " + e.getMessage());
        }
        List<X509Certificate> certs = new ArrayList<>(blocks.size());
        for (Pem.Block block : blocks) {
            String index = "#" + (certs.size() + 1);
            if (!block.type().equals("CERTIFICATE")) {
                if (block.type().contains("PRIVATE KEY")) {
                    throw new BadFileException(file, "block " + index + " is a private key (" + block.typeShown()
                            + "), not a CERTIFICATE: a key was pasted into a certificate file");
                }
                throw new BadFileException(file, BadFileException.Kind.NOT_A_CERTIFICATE, "block " + index + " is of type " + block.typeShown() + ", not CERTIFICATE");
            }
            certs.add(parseDer(file, block.der(), "certificate " + index));
        }
        if (certs.isEmpty()) {
            throw new BadFileException(file, BadFileException.Kind.NOT_A_CERTIFICATE, "no certificates found in the PEM text");
        }
        return certs;
    }

    private static X509Certificate parseDer(Path file, byte[] der, String what) throws BadFileException {
        try {
            return (X509Certificate) X509_FACTORY.get().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            String cause = rootCauseMessage(e);
            throw new BadFileException(file, what + " does not parse as X.509" + (cause != null ? ": " + cause : ""));
        }
    }

    /** The innermost message (e.g. "Incomplete BER/DER data"), without the wrapping exceptions' class names. */
    private static String rootCauseMessage(Throwable e) {
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
