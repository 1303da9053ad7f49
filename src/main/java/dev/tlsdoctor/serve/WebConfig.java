package dev.tlsdoctor.serve;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.FileBytes;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.serve.ExporterConfig.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code serve --web.config.file}: TLS for the exporter itself and basic-auth users with bcrypt-hashed
 * passwords, in the format of Prometheus' exporter-toolkit (the keys its own exporters read), so one
 * web configuration file serves node_exporter and tls-doctor alike. Relative paths are relative to
 * the file's directory, as the toolkit reads them. Keys this exporter does not implement are refused,
 * not ignored: a TLS or auth setting that silently did nothing would be a hole.
 */
public final class WebConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int CACHED_LOGINS = 256;
    /** The toolkit's TLS version names and the JDK's protocol names for them, in order. */
    private static final List<String> VERSIONS = List.of("TLS10", "TLS11", "TLS12", "TLS13");
    private static final List<String> JDK_PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    /** A hash of a password nobody has, checked for unknown users so that timing does not tell which user names exist; made on first use (bcrypt takes a while). */
    private static final class Decoy {
        static final byte[] HASH = BCrypt.withDefaults().hash(10, "tls-doctor-decoy".toCharArray());
    }

    private record TlsServerConfig(@JsonProperty("cert_file") String certFile, @JsonProperty("key_file") String keyFile,
                                   @JsonProperty("client_auth_type") String clientAuthType,
                                   @JsonProperty("client_ca_file") String clientCaFile,
                                   @JsonProperty("min_version") String minVersion, @JsonProperty("max_version") String maxVersion) {}

    private record File(@JsonProperty("tls_server_config") TlsServerConfig tls,
                        @JsonProperty("basic_auth_users") Map<String, String> users) {}

    /** No web configuration: plain HTTP, no authentication (and the exporter binds loopback only). */
    public static final WebConfig NONE = new WebConfig(null, null, Map.of());

    private final SSLContext tls;
    private final SSLParameters tlsParameters;
    private final Map<String, byte[]> users;
    /** SHA-256 of user, password and hash that bcrypt accepted: bcrypt costs tens of milliseconds, and Prometheus sends the same credentials every scrape. */
    private final Map<String, Boolean> accepted = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHED_LOGINS;
        }
    });

    private WebConfig(SSLContext tls, SSLParameters tlsParameters, Map<String, byte[]> users) {
        this.tls = tls;
        this.tlsParameters = tlsParameters;
        this.users = users;
    }

    public static WebConfig load(Path path) throws ConfigException {
        File file;
        try {
            file = YAML.readValue(Files.readString(path), File.class);
        } catch (JacksonException e) {
            throw new ConfigException(path + ": " + e.getOriginalMessage().lines().findFirst().orElse("not valid YAML")
                    .replaceAll(" \\(class [^)]*\\)", "").replaceAll(", not marked as ignorable.*", ""));
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read: " + e.getMessage());
        }
        if (file == null) {
            return NONE;
        }
        Path base = path.toAbsolutePath().getParent();
        Map<String, byte[]> users = new LinkedHashMap<>();
        if (file.users() != null) {
            for (Map.Entry<String, String> user : file.users().entrySet()) {
                String hash = user.getValue() == null ? "" : user.getValue();
                if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                    throw new ConfigException(path + ": basic_auth_users." + user.getKey() + ": not a bcrypt hash (make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n')");
                }
                users.put(user.getKey(), hash.getBytes(StandardCharsets.US_ASCII));
            }
        }
        if (file.tls() == null) {
            return new WebConfig(null, null, users);
        }
        TlsServerConfig t = file.tls();
        if (t.certFile() == null || t.keyFile() == null) {
            throw new ConfigException(path + ": tls_server_config needs both cert_file and key_file");
        }
        try {
            return new WebConfig(sslContext(base, t), parameters(path, t), users);
        } catch (BadFileException e) {
            throw new ConfigException(path + ": tls_server_config: " + e.getMessage());
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(path + ": tls_server_config: cannot use the certificate and key: " + e.getMessage());
        }
    }

    /** The TLS context to serve with, or null for plain HTTP. */
    public SSLContext tls() {
        return tls;
    }

    public SSLParameters tlsParameters() {
        return tlsParameters;
    }

    /** Whether an {@code Authorization} header value names a user of this configuration with its password. */
    public boolean authorizes(String header) {
        if (users.isEmpty()) {
            return true;
        }
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        byte[] hash = users.get(user);
        byte[] password = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        if (hash == null) {
            BCrypt.verifyer().verify(password, Decoy.HASH);
            return false;
        }
        String key = digest(user, password, hash);
        if (accepted.containsKey(key)) {
            return true;
        }
        boolean ok = BCrypt.verifyer().verify(password, hash).verified;
        if (ok) {
            accepted.put(key, Boolean.TRUE);
        }
        return ok;
    }

    private static String digest(String user, byte[] password, byte[] hash) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(password);
            sha.update((byte) 0);
            sha.update(hash);
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static SSLContext sslContext(Path base, TlsServerConfig t) throws GeneralSecurityException, IOException, BadFileException {
        Path certFile = base.resolve(t.certFile());
        Path keyFile = base.resolve(t.keyFile());
        List<X509Certificate> chain = CertParser.certificatesIn(certFile);
        ParsedKey key = KeyParser.parse(keyFile, FileBytes.read(keyFile));
        if (key.key() == null) {
            throw new BadFileException(keyFile, "the key is encrypted or not usable; give an unencrypted PEM key");
        }
        if (chain.isEmpty() || !key.matches(chain.get(0).getPublicKey())) {
            throw new BadFileException(keyFile, "does not belong to the first certificate of " + certFile);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] none = new char[0];
        store.setKeyEntry("exporter", key.key(), none, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, none);
        TrustManagerFactory trust = null;
        if (t.clientCaFile() != null) {
            KeyStore cas = KeyStore.getInstance("PKCS12");
            cas.load(null, null);
            int n = 0;
            for (X509Certificate ca : CertParser.certificatesIn(base.resolve(t.clientCaFile()))) {
                cas.setCertificateEntry("ca" + n++, ca);
            }
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(cas);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    private static SSLParameters parameters(Path path, TlsServerConfig t) throws ConfigException {
        SSLParameters p = new SSLParameters();
        String auth = t.clientAuthType() == null ? "NoClientCert" : t.clientAuthType();
        switch (auth) {
            case "NoClientCert" -> { }
            case "VerifyClientCertIfGiven" -> p.setWantClientAuth(true);
            case "RequireAndVerifyClientCert" -> p.setNeedClientAuth(true);
            default -> throw new ConfigException(path + ": tls_server_config.client_auth_type: '" + auth
                    + "' is not supported here (NoClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
        }
        if (!"NoClientCert".equals(auth) && t.clientCaFile() == null) {
            throw new ConfigException(path + ": tls_server_config.client_auth_type " + auth + " needs client_ca_file");
        }
        int min = version(path, "min_version", t.minVersion(), 2);
        int max = version(path, "max_version", t.maxVersion(), 3);
        if (min > max) {
            throw new ConfigException(path + ": tls_server_config: min_version is above max_version");
        }
        String[] protocols = JDK_PROTOCOLS.subList(min, max + 1).toArray(String[]::new);
        p.setProtocols(protocols);
        return p;
    }

    /** The index of a toolkit version name (TLS10 … TLS13) in {@link #VERSIONS}; the toolkit's default minimum is TLS12. */
    private static int version(Path path, String key, String value, int fallback) throws ConfigException {
        if (value == null) {
            return fallback;
        }
        int i = VERSIONS.indexOf(value);
        if (i < 0) {
            throw new ConfigException(path + ": tls_server_config." + key + ": '" + value + "' is not one of " + String.join(", ", VERSIONS));
        }
        return i;
    }
}
