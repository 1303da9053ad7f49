package dev.tlsdoctor.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.KeyFiles;
import dev.tlsdoctor.testing.OpensslOcspResponder;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Writes the seed corpus of every fuzz target, and the test PKI the seeds belong to, from real sources:
 * certificates and keys from {@link Pki}, OCSP answers from {@code openssl ocsp}, a CRL signed by the
 * CA, pgwire answers as PostgreSQL and CockroachDB send them, error texts as the clients print them.
 * Run it with {@code .ci/fuzz seeds} (it needs openssl) and commit the result; it overwrites only the
 * {@code seed-*} files and {@code pki/}, never a committed crash input.
 */
public final class SeedCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    /** The last year an X.509 UTCTime (and openssl's OCSP index) can hold. */
    private static final Instant UNTIL = Instant.parse("2049-12-31T00:00:00Z");

    private final Path root;

    private SeedCorpus(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        new SeedCorpus(Path.of(args.length > 0 ? args[0] : "src/test/resources/dev/tlsdoctor/fuzz")).write();
    }

    private void write() throws Exception {
        Pki.Issued ca = Pki.ca("Cockroach CA").validFrom(FROM).validUntil(UNTIL).build();
        Pki.Issued node = ca.issue("node").sans("localhost", "127.0.0.1").serverAndClient().validFrom(FROM).validUntil(UNTIL).build();
        Pki.Issued client = ca.issue("root").clientAuth().key("EC:secp256r1").validFrom(FROM).validUntil(UNTIL).build();
        Pki.Issued responder = ca.issue("OCSP responder").eku(KeyPurposeId.id_kp_OCSPSigning).key("EC:secp256r1")
                .validFrom(FROM).validUntil(UNTIL).build();
        seed("pki/ca.crt", ca.certPem());
        seed("pki/node.crt", node.certPem());
        seed("pki/client-ec.crt", client.certPem());
        certificates(ca, node, client);
        keys(node, client);
        ocsp(ca, node, client, responder);
        crls(ca, node, client);
        pgwire();
        sinkUris(ca, client);
        connectionUrls();
        pastedErrors();
        ruleFiles();
    }

    private void certificates(Pki.Issued ca, Pki.Issued node, Pki.Issued client) throws Exception {
        String dir = "CertificateFuzzTestInputs/certificateFile/";
        seed(dir + "seed-chain.pem", node.certPem() + ca.certPem());
        seed(dir + "seed-node.der", node.cert().getEncoded());
        seed(dir + "seed-ca.pem", ca.certPem());
        seed(dir + "seed-client-ec.pem", client.certPem());
        seed(dir + "seed-key-pasted-as-cert.pem", client.keyPem());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("certificate", client.certPem());
        data.put("issuing_ca", ca.certPem());
        data.put("ca_chain", List.of(ca.certPem()));
        data.put("private_key", client.keyPem());
        data.put("private_key_type", "ec");
        data.put("serial_number", client.cert().getSerialNumber().toString(16));
        seed(dir + "seed-vault.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("request_id", "3f1b", "data", data)));
        seed(dir + "seed-cloud.json", JSON.writeValueAsString(Map.of("x509_pem_cert", ca.certPem())));
    }

    private void keys(Pki.Issued node, Pki.Issued client) {
        String dir = "KeyFuzzTestInputs/keyFile/";
        KeyPair ed25519 = Pki.freshKey("Ed25519");
        seed(dir + "seed-rsa-pkcs1.pem", node.keyPem());
        seed(dir + "seed-rsa-pkcs8.pem", KeyFiles.pkcs8Pem(node.keyPair().getPrivate()));
        seed(dir + "seed-rsa.pk8", node.keyPkcs8Der());
        seed(dir + "seed-ec-sec1.pem", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + client.keyPem());
        seed(dir + "seed-ec-pkcs8.pem", KeyFiles.pkcs8Pem(client.keyPair().getPrivate()));
        seed(dir + "seed-ec.pk8", client.keyPkcs8Der());
        seed(dir + "seed-ed25519-pkcs8.pem", KeyFiles.pkcs8Pem(ed25519.getPrivate()));
        seed(dir + "seed-encrypted-pkcs8.pem", KeyFiles.encryptedPkcs8Pem(client.keyPair().getPrivate(), "fuzz"));
        seed(dir + "seed-legacy-encrypted.pem", KeyFiles.legacyEncryptedPem(client.keyPair().getPrivate(), "fuzz"));
    }

    /**
     * Real answers of openssl ocsp to the requests tls-doctor sends. The first byte of each input is the
     * Content-Type the responder sends (see {@link OcspFuzzTest}), the rest the body.
     */
    private void ocsp(Pki.Issued ca, Pki.Issued node, Pki.Issued client, Pki.Issued responder) throws Exception {
        String dir = "OcspFuzzTestInputs/responderAnswer/";
        byte[] sha256 = ocspRequest(ca, node, new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE));
        byte[] sha1 = ocspRequest(ca, node, CertificateID.HASH_SHA1);
        Path work = Files.createTempDirectory("ocsp-seeds");
        try (OpensslOcspResponder issuerSigned = OpensslOcspResponder.forCa(ca).noCerts().validForDays(36500).start(work.resolve("ca"));
                OpensslOcspResponder delegated = OpensslOcspResponder.forCa(ca).signer(responder).validForDays(36500).start(work.resolve("delegated"));
                OpensslOcspResponder revoking = OpensslOcspResponder.forCa(ca).validForDays(36500).start(work.resolve("revoking"));
                OpensslOcspResponder unaware = OpensslOcspResponder.forCa(ca).validForDays(36500).start(work.resolve("unaware"))) {
            issuerSigned.good(node);
            delegated.good(node);
            revoking.revoked(node, FROM.plusSeconds(86400), "keyCompromise");
            seed(dir + "seed-good-cockroach", OcspFuzzTest.EXACT_TYPE, fetch(issuerSigned.url(), sha256));
            seed(dir + "seed-good-standard", OcspFuzzTest.EXACT_TYPE, fetch(issuerSigned.url(), sha1));
            seed(dir + "seed-good-delegated", OcspFuzzTest.EXACT_TYPE, fetch(delegated.url(), sha256));
            seed(dir + "seed-revoked", OcspFuzzTest.TYPE_WITH_PARAMETERS, fetch(revoking.url(), sha1));
            seed(dir + "seed-unknown", OcspFuzzTest.EXACT_TYPE, fetch(unaware.url(), sha256));
            seed(dir + "seed-other-certificate", OcspFuzzTest.EXACT_TYPE, fetch(issuerSigned.url(), ocspRequest(ca, client,
                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE))));
            seed(dir + "seed-good-text-plain", OcspFuzzTest.TYPE_TEXT, fetch(issuerSigned.url(), sha256));
        }
        seed(dir + "seed-try-later", OcspFuzzTest.EXACT_TYPE, new byte[] {0x30, 0x03, 0x0a, 0x01, 0x03});
        seed(dir + "seed-unauthorized", OcspFuzzTest.EXACT_TYPE, new byte[] {0x30, 0x03, 0x0a, 0x01, 0x06});
    }

    private static byte[] ocspRequest(Pki.Issued ca, Pki.Issued cert, AlgorithmIdentifier hash) throws Exception {
        CertificateID id = new CertificateID(new BcDigestCalculatorProvider().get(hash), new JcaX509CertificateHolder(ca.cert()), cert.cert().getSerialNumber());
        return new OCSPReqBuilder().addRequest(id).build().getEncoded();
    }

    private static byte[] fetch(String url, byte[] request) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("openssl ocsp answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private void crls(Pki.Issued ca, Pki.Issued node, Pki.Issued client) throws Exception {
        String dir = "CrlFuzzTestInputs/distributionPointAnswer/";
        seed(dir + "seed-empty.crl", crl(ca));
        seed(dir + "seed-revokes-node.crl", crl(ca, node.cert().getSerialNumber()));
        byte[] other = crl(ca, client.cert().getSerialNumber());
        seed(dir + "seed-revokes-other.pem", "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(other)
                + "\n-----END X509 CRL-----\n");
    }

    private static byte[] crl(Pki.Issued ca, BigInteger... revoked) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()), Date.from(FROM));
        builder.setNextUpdate(Date.from(UNTIL));
        for (BigInteger serial : revoked) {
            builder.addCRLEntry(serial, Date.from(FROM.plusSeconds(3600)), CRLReason.keyCompromise);
        }
        return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.keyPair().getPrivate())).getEncoded();
    }

    /** The first byte says what the fake server does (see {@link PgWireFuzzTest}); then what it sends. */
    private void pgwire() {
        String dir = "PgWireFuzzTestInputs/sslRequestAnswer/";
        seed(dir + "seed-insecure-node", PgWireFuzzTest.RAW, ascii("N"));
        seed(dir + "seed-error-instead-of-s", PgWireFuzzTest.RAW, message('E', fields("SFATAL", "C08P01", "Mnode is running secure mode, SSL connection required")));
        seed(dir + "seed-http", PgWireFuzzTest.RAW, ascii("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request"));
        seed(dir + "seed-ssh", PgWireFuzzTest.RAW, ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
        seed(dir + "seed-tls-alert", PgWireFuzzTest.RAW, new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28});
        seed(dir + "seed-http2-settings", PgWireFuzzTest.RAW, new byte[] {0, 0, 0x12, 0x04, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0x64, 0, 0x04, 0, 0x10, 0, 0});
        seed(dir + "seed-closed", PgWireFuzzTest.RAW, new byte[0]);
        byte[] ready = message('Z', ascii("I"));
        seed(dir + "seed-login-accepted", PgWireFuzzTest.TLS, concat(message('R', int32(0)), message('S', fields("server_version", "13.0.0")),
                message('K', concat(int32(4242), int32(99))), ready));
        seed(dir + "seed-login-notice", PgWireFuzzTest.TLS, concat(message('R', int32(0)), message('N', fields("SNOTICE", "C00000", "Mrunning in demo mode")), ready));
        seed(dir + "seed-password-requested", PgWireFuzzTest.TLS, message('R', int32(3)));
        seed(dir + "seed-scram-requested", PgWireFuzzTest.TLS, message('R', concat(int32(10), ascii("SCRAM-SHA-256\0\0"))));
        seed(dir + "seed-auth-failed", PgWireFuzzTest.TLS, message('E', fields("SFATAL", "VFATAL", "C28000",
                "Mpassword authentication failed for user root", "Fauthentication.go", "L123", "Rpgwire")));
        seed(dir + "seed-no-database", PgWireFuzzTest.TLS, concat(message('R', int32(0)), message('E', fields("SFATAL", "C3D000",
                "Mdatabase \"defaultdb\" does not exist", "HCreate it with CREATE DATABASE."))));
    }

    private static byte[] message(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    /** An ErrorResponse/NoticeResponse body (or ParameterStatus pair): NUL-terminated strings, then a final NUL. */
    private static byte[] fields(String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String v : values) {
            out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private void sinkUris(Pki.Issued ca, Pki.Issued client) {
        String dir = "ChangefeedUriFuzzTestInputs/sinkUri/";
        String caB64 = base64(ca.certPem());
        String certB64 = base64(client.certPem());
        String keyB64 = base64(client.keyPem());
        seed(dir + "seed-kafka-ca", "kafka://broker.example.com:9093?topic_prefix=crdb_&tls_enabled=true&ca_cert=" + urlEncode(caB64));
        seed(dir + "seed-kafka-mtls", "kafka://broker:9093?tls_enabled=true&ca_cert=" + urlEncode(caB64) + "&client_cert=" + urlEncode(certB64)
                + "&client_key=" + urlEncode(keyB64) + "&sasl_enabled=false");
        seed(dir + "seed-unencoded-plus", "kafka://broker:9093?tls_enabled=true&ca_cert=" + caB64);
        seed(dir + "seed-line-wrapped", "kafka://broker:9093?tls_enabled=true&ca_cert="
                + urlEncode(Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.certPem().getBytes(StandardCharsets.US_ASCII))));
        seed(dir + "seed-pem-text", "webhook-https://hooks.example.com:8443/feed?ca_cert=" + urlEncode(ca.certPem()) + "&insecure_tls_skip_verify=true");
        seed(dir + "seed-raw-newline", "kafka://broker:9093?tls_enabled=true&client_key=" + keyB64.substring(0, 40) + "\n" + keyB64.substring(40)
                + "&client_cert=" + urlEncode(certB64));
        seed(dir + "seed-bad-escape", "confluent-cloud://pkc-1.cloud:9092?api_key=K&api_secret=S%zz&ca_cert=%G1");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String urlEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private void connectionUrls() {
        String dir = "ClientUrlFuzzTestInputs/connectionUrl/";
        seed(dir + "seed-verify-full", "postgresql://root@localhost:26257/defaultdb?sslmode=verify-full&sslrootcert=certs/ca.crt"
                + "&sslcert=certs/client.root.crt&sslkey=certs/client.root.key");
        seed(dir + "seed-jdbc", "jdbc:postgresql://db.example.com:26257/bank?user=maxroach&password=s3cr%65t&sslmode=require"
                + "&sslkey=/home/app/certs/client.maxroach.key.pk8&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
        seed(dir + "seed-multi-host", "postgres://app:p%40ss@[::1]:26257,node2:26258/app?sslmode=disable&options=--cluster%3Dtenant-7");
        seed(dir + "seed-home-default", "postgresql://%72oot@db?sslmode=verify-ca&sslrootcert=~/.postgresql/root.crt");
    }

    private void pastedErrors() {
        String dir = "PastedErrorFuzzTestInputs/pastedError/";
        seed(dir + "seed-psql-root-cert", "psql: error: connection to server at \"db.example.com\" (10.1.2.3), port 26257 failed: root certificate file "
                + "\"/home/app/.postgresql/root.crt\" does not exist\nEither provide the file or change sslmode to disable server certificate verification.");
        seed(dir + "seed-psql-host-mismatch", "psql: error: connection to server at \"10.0.0.5\", port 26257 failed: server certificate for \"node1\" "
                + "(and 2 other names) does not match host name \"10.0.0.5\"");
        seed(dir + "seed-psql-key-permissions", "psql: error: connection to server at \"localhost\" (::1), port 26257 failed: private key file "
                + "\"/home/u/.postgresql/postgresql.key\" has group or world access; file must have permissions u=rw (0600) or less if owned by the current user");
        seed(dir + "seed-cockroach-start", "ERROR: cannot load certificates.\nCheck your certificate settings, set --certs-dir, or use --insecure for insecure clusters.\n\n"
                + "problem using security settings: validating node cert: key file certs/node.key has permissions -rw-r--r--, exceeds -rwx------");
        seed(dir + "seed-node-log", "W250301 10:00:00.123456 1234 server/server.go:123 [n1] 45  http: TLS handshake error from 10.0.0.7:51234: "
                + "tls: failed to verify certificate: x509: certificate signed by unknown authority");
        seed(dir + "seed-go-san", "failed to connect to `host=db.example.com user=app database=defaultdb`: tls error (tls: failed to verify certificate: "
                + "x509: certificate is valid for localhost, node1.internal, not db.example.com)");
        seed(dir + "seed-jdbc", "org.postgresql.util.PSQLException: Could not read SSL key file /home/app/certs/client.app.key.\n"
                + "\tat org.postgresql.ssl.LazyKeyManager.getPrivateKey(LazyKeyManager.java:250)\n"
                + "Caused by: java.security.spec.InvalidKeySpecException: java.security.InvalidKeyException: IOException : algid parse error, not a sequence\n"
                + "jdbc:postgresql://db:26257/app?sslmode=verify-full&sslkey=/home/app/certs/client.app.key&password=hunter2");
        seed(dir + "seed-expired", "x509: certificate has expired or is not yet valid: current time 2025-03-01T10:00:00Z is after 2025-01-01T00:00:00Z");
        seed(dir + "seed-client-cn", "ERROR: certificate authentication failed for user \"maxroach\" (DN: CN=max)\nSQLSTATE: 28000");
        seed(dir + "seed-wrapped", "E250301 10:00:01.000000 99 rpc/context.go:88 [n2] 7 need root or node client cert to perform RPCs on this se\n"
                + "rver (this is tenant system; cert is valid for \"maxroach\" on all tenants)");
    }

    private void ruleFiles() {
        String dir = "RuleFileFuzzTestInputs/overrideFile/";
        seed(dir + "seed-thresholds.yaml", "id: expiring-soon\nseverity: error\nparameters:\n  warn-days: 45\n  crit-days: 14\n");
        seed(dir + "seed-disabled.yaml", "id: weak-key\nenabled: false\n");
        seed(dir + "seed-patterns.yaml", "id: unknown-authority\nerror-patterns:\n  - 'certificate signed by (?<who>unknown) authority'\n  - \"x509: .*\"\n");
        seed(dir + "seed-texts.yaml", "id: expired\ntitle: Expired certificate\nexplanation: |\n  Renew it.\n  Then reload.\nfix: >\n  renew {file} then\n"
                + "  {reloadCommand}\nreferences:\n  - https://www.cockroachlabs.com/docs/stable/rotate-certificates.html\n");
        seed(dir + "seed-anchors.yaml", "id: &rule key-mismatch\nseverity: warning\ntitle: *rule\nreferences: [a, b, c]\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void seed(String name, int choice, byte[] rest) {
        seed(name, concat(new byte[] {(byte) choice}, rest));
    }

    private void seed(String name, String text) {
        seed(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private void seed(String name, byte[] bytes) {
        try {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
