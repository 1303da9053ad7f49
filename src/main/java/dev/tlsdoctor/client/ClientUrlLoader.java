package dev.tlsdoctor.client;

import dev.tlsdoctor.certs.ClientKey;
import dev.tlsdoctor.certs.KeyReader;
import dev.tlsdoctor.certs.OneLine;
import dev.tlsdoctor.common.Evidence;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a connection URL into evidence: a {@link ClientUrl} and, when its key file is there, a
 * {@link ClientKey}. Reads the files the URL points at (and the drivers' defaults under
 * ~/.postgresql) the way libpq and the JDBC driver look for them; changes nothing.
 */
public final class ClientUrlLoader {
    /** A connection URL inside any text: what a pasted command line or log usually carries. */
    public static final Pattern URL_IN_TEXT = Pattern.compile("(?:jdbc:)?postgres(?:ql)?://[^\\s'\"<>`]+");
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/@:?]*:)[^\\s@/?]*@");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:^|[?&;\\s])(?:password|sslpassword|passwd|token|access_token|auth_token|api_key|secret)=)[^&;\\s'\"`]*");

    private ClientUrlLoader() {}

    /** @throws IllegalArgumentException when {@code url} is not a postgresql:// or jdbc:postgresql:// URL, or holds a NUL character */
    public static List<Evidence> load(String url, Path certsDir) {
        if (url.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a connection URL cannot hold a NUL character (libpq stops reading it there)");
        }
        boolean jdbc = url.startsWith("jdbc:");
        String rest = jdbc ? url.substring("jdbc:".length()) : url;
        Matcher scheme = Pattern.compile("^postgres(?:ql)?://").matcher(rest);
        if (!scheme.find()) {
            throw new IllegalArgumentException("not a postgresql:// or jdbc:postgresql:// URL: " + OneLine.of(mask(url)));
        }
        rest = rest.substring(scheme.end());
        int query = rest.indexOf('?');
        Map<String, String> params = query < 0 ? Map.of() : params(rest.substring(query + 1));
        String authority = (query < 0 ? rest : rest.substring(0, query));
        int slash = authority.indexOf('/');
        authority = slash < 0 ? authority : authority.substring(0, slash);
        String user = params.get("user");
        boolean password = params.containsKey("password");
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password |= colon >= 0;
        }
        String firstHost = authority.split(",", -1)[0]; // "host1,host2"; "," alone names no host
        String host = firstHost;
        int port = -1;
        Matcher hostPort = Pattern.compile("^(\\[[^]]*]|[^:]*)(?::(\\d+))?$").matcher(firstHost);
        if (hostPort.matches()) {
            host = hostPort.group(1).replaceAll("^\\[|]$", "");
            port = hostPort.group(2) == null ? -1 : Integer.parseInt(hostPort.group(2));
        }
        KeyReader reader = jdbc ? KeyReader.JDBC : KeyReader.PEM_CLIENTS;
        Path home = Path.of(System.getProperty("user.home"), ".postgresql");
        ClientUrl.ClientFile rootCert = file(params, "sslrootcert", home.resolve("root.crt"));
        ClientUrl.ClientFile key = file(params, "sslkey", home.resolve(jdbc ? "postgresql.pk8" : "postgresql.key"));
        String keyName = key.path().getFileName().toString().toLowerCase(Locale.ROOT);
        // the JDBC driver takes a .p12/.pfx sslkey's certificate from the same file (PKCS12KeyManager) and never reads sslcert
        ClientUrl.ClientFile cert = jdbc && (keyName.endsWith(".p12") || keyName.endsWith(".pfx"))
                ? new ClientUrl.ClientFile("sslkey", key.path(), key.explicit(), key.exists())
                : file(params, "sslcert", home.resolve("postgresql.crt"));
        Path dirCert = null;
        if (certsDir != null && user != null && !user.isEmpty()) {
            Path candidate = certsDir.resolve("client." + user.toLowerCase(Locale.ROOT) + ".crt");
            dirCert = Files.isRegularFile(candidate) ? candidate : null;
        }
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new ClientUrl(mask(url), reader, user == null || user.isEmpty() ? null : user, host.isEmpty() ? null : host, port,
                params.get("sslmode"), rootCert, cert, key, password, certsDir, dirCert));
        if (key.exists() && (key.explicit() || cert.exists())) {
            evidence.add(ClientKey.read(key.path(), "the sslkey of " + mask(url), reader, null, params.get("sslpassword")));
        }
        return evidence;
    }

    /**
     * {@code text} (a URL, or any text with URLs in it) with passwords and tokens replaced by ****: in
     * the user info ({@code postgresql://user:secret@host}) and in parameters such as {@code password=}.
     */
    public static String mask(String text) {
        String masked = USER_INFO_PASSWORD.matcher(text).replaceAll("$1****@");
        return SECRET_PARAMETER.matcher(masked).replaceAll("$1****");
    }

    private static ClientUrl.ClientFile file(Map<String, String> params, String setting, Path fallback) {
        String value = params.get(setting);
        Path path = value != null && !value.isEmpty() ? Path.of(expandHome(value)) : fallback;
        return new ClientUrl.ClientFile(setting, path, value != null && !value.isEmpty(), Files.isRegularFile(path));
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            out.put(decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        String decoded;
        try {
            decoded = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return s;
        }
        if (decoded.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("forbidden value %00 in percent-encoded value (libpq refuses it; no file name can hold it)");
        }
        return decoded;
    }
}
