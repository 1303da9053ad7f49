package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.KeyFacts;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.certs.TrustPool;
import dev.tlsdoctor.common.Evidence;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A changefeed sink URI ({@code kafka://broker:9093?tls_enabled=true&ca_cert=…&client_cert=…&client_key=…}):
 * its certificate parameters decoded exactly as CockroachDB decodes them, the decoded certificates and
 * key judged like files, and optionally a handshake with the sink using them.
 */
public final class ChangefeedSink {
    static final List<String> CERT_PARAMS = List.of("ca_cert", "client_cert", "client_key");

    private final String uri;
    private final String scheme;
    private final String authority;
    /** Raw (still escaped) values by name, in order. */
    private final Map<String, String> raw;

    private ChangefeedSink(String uri, String scheme, String authority, Map<String, String> raw) {
        this.uri = uri;
        this.scheme = scheme;
        this.authority = authority;
        this.raw = raw;
    }

    /** @throws IllegalArgumentException when it is not a URI at all (the message never repeats the URI) */
    public static ChangefeedSink parse(String uri) {
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("not a sink URI (expected scheme://host:port?…, e.g. kafka://broker:9093?tls_enabled=true)");
        }
        String scheme = uri.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = uri.substring(sep + 3);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int q = rest.indexOf('?');
        String query = q >= 0 ? rest.substring(q + 1) : "";
        String beforeQuery = q >= 0 ? rest.substring(0, q) : rest;
        int slash = beforeQuery.indexOf('/');
        String authority = slash >= 0 ? beforeQuery.substring(0, slash) : beforeQuery;
        Map<String, String> raw = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                raw.putIfAbsent(eq >= 0 ? pair.substring(0, eq) : pair, eq >= 0 ? pair.substring(eq + 1) : "");
            }
        }
        return new ChangefeedSink(uri, scheme, authority, raw);
    }

    /** What findings name: the sink without its query (which holds the key). */
    public String subject() {
        return "changefeed sink " + scheme + "://" + authority;
    }

    /** Values that must never be printed (the client key, SASL passwords, …), raw and unescaped. */
    public Set<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        raw.forEach((name, value) -> {
            if (Redact.isSecretParam(name)) {
                secrets.add(value);
                secrets.add(queryUnescape(value).value());
            }
        });
        return secrets;
    }

    /** The evidence: the URI's parameters, the decoded certificates and key, and, with {@code probe}, a handshake with the sink. */
    public List<Evidence> evidence(boolean probe, Duration timeout, Instant at) {
        List<SinkUri.Param> params = new ArrayList<>();
        Map<String, byte[]> decoded = new LinkedHashMap<>();
        String rawControlIn = null;
        for (String name : CERT_PARAMS) {
            String value = raw.get(name);
            if (value == null) {
                continue;
            }
            if (rawControlIn == null && value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                rawControlIn = name;
            }
            params.add(param(name, value, decoded));
        }
        if (rawControlIn == null && uri.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            rawControlIn = "the URI";
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new SinkUri(subject(), bool("tls_enabled"), bool("insecure_tls_skip_verify"), rawControlIn, List.copyOf(params)));
        if (rawControlIn != null) {
            return evidence; // CockroachDB cannot even parse the URI: nothing in it is used
        }
        List<X509Certificate> caCerts = certs(decoded.get("ca_cert"), "ca_cert");
        if (!caCerts.isEmpty()) {
            evidence.add(new CertEvidence(subject() + " ca_cert", null, CertRole.CA, null, caCerts, CertParser.Encoding.PEM,
                    Set.of(), List.of(), List.of(), null, null, false));
        }
        List<X509Certificate> clientCerts = certs(decoded.get("client_cert"), "client_cert");
        ParsedKey key = key(decoded.get("client_key"));
        if (!clientCerts.isEmpty()) {
            KeyFacts keyFacts = key == null ? null : new KeyFacts(Path.of("client_key"), true, true, null, key);
            evidence.add(new CertEvidence(subject() + " client_cert", null, CertRole.LEAF, null, clientCerts, CertParser.Encoding.PEM,
                    Set.of(CertFacts.EKU_CLIENT_AUTH), List.of(), List.of(), keyFacts, null, false));
        }
        if (probe) {
            evidence.addAll(handshake(caCerts, clientCerts, key, timeout, at));
        }
        return evidence;
    }

    private List<Evidence> handshake(List<X509Certificate> caCerts, List<X509Certificate> clientCerts, ParsedKey key, Duration timeout, Instant at) {
        int defaultPort = switch (scheme) {
            case "kafka", "confluent-cloud", "azure-event-hub" -> 9093;
            case "webhook-https" -> 443;
            default -> throw new IllegalArgumentException(scheme + "://: give the port in the URI to probe it");
        };
        Endpoint broker = Endpoint.parse(authority, defaultPort);
        ClientIdentity identity = !clientCerts.isEmpty() && key != null && key.key() != null
                ? new ClientIdentity(Path.of("client_cert"), clientCerts, key.key()) : null;
        TrustPool pool = caCerts.isEmpty() ? TrustPool.system() : new TrustPool(subject() + " ca_cert", caCerts);
        TrustSources trust = new TrustSources(pool, null, List.of());
        ProbeResult result = new Prober(new ProbeSettings(timeout, null, identity, null, null)).probe(broker, ProbeMode.TLS);
        return ServedEvidence.of(List.of(result), trust, null, at, !bool("insecure_tls_skip_verify"));
    }

    private static SinkUri.Param param(String name, String value, Map<String, byte[]> decoded) {
        Unescaped unescaped = queryUnescape(value);
        String text = unescaped.value();
        boolean encodedLineBreaks = value.matches("(?is).*%0[ad].*");
        boolean pemText = text.contains("-----BEGIN");
        String error = unescaped.bad() ? null : base64Error(text);
        SinkUri.Decoded kind = SinkUri.Decoded.NOTHING;
        if (!unescaped.bad() && error == null) {
            byte[] bytes = Base64.getDecoder().decode(text.replace("\r", "").replace("\n", ""));
            decoded.put(name, bytes);
            kind = kind(bytes);
        }
        return new SinkUri.Param(name, encodedLineBreaks, value.contains("+"), text.contains(" "), pemText, unescaped.bad(), error, kind);
    }

    private static SinkUri.Decoded kind(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            return SinkUri.Decoded.PEM_CERTIFICATE;
        }
        if (text.contains("PRIVATE KEY-----")) {
            return SinkUri.Decoded.PEM_PRIVATE_KEY;
        }
        return bytes.length > 0 && (bytes[0] & 0xff) == 0x30 ? SinkUri.Decoded.DER : SinkUri.Decoded.OTHER;
    }

    /**
     * What Go's base64.StdEncoding.DecodeString says about {@code text}: null when it decodes. Go skips
     * CR and LF; any other character outside the alphabet is "illegal base64 data at input byte N".
     */
    static String base64Error(String text) {
        int significant = 0;
        int padding = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/';
            if (c == '=' && padding < 2) {
                padding++;
            } else if (!alphabet || padding > 0) {
                return "illegal base64 data at input byte " + i;
            }
            significant++;
        }
        if (significant % 4 != 0) {
            return "illegal base64 data at input byte " + text.length() + " (truncated or missing '=' padding)";
        }
        return null;
    }

    private record Unescaped(String value, boolean bad) {}

    /** Go's url.QueryUnescape: %XX decoded, '+' becomes a space; a malformed escape is an error. */
    private static Unescaped queryUnescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                    return new Unescaped(s, true);
                }
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Unescaped(out.toString(StandardCharsets.UTF_8), false);
    }

    private boolean bool(String name) {
        String value = raw.get(name);
        return value != null && (value.equals("1") || value.equalsIgnoreCase("t") || value.equalsIgnoreCase("true"));
    }

    private static List<X509Certificate> certs(byte[] bytes, String name) {
        if (bytes == null || !new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
            return List.of();
        }
        try {
            CertParser.Parsed parsed = CertParser.parse(Path.of(name), bytes);
            List<X509Certificate> all = new ArrayList<>(parsed.certs());
            all.addAll(parsed.chain());
            return all;
        } catch (BadFileException e) {
            return List.of(); // changefeed-uri reports what the value decodes to
        }
    }

    private static ParsedKey key(byte[] bytes) {
        if (bytes == null || !new String(bytes, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY-----")) {
            return null;
        }
        try {
            return KeyParser.parse(Path.of("client_key"), bytes);
        } catch (BadFileException e) {
            return null;
        }
    }
}
