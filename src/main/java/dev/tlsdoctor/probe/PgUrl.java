package dev.tlsdoctor.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A PostgreSQL connection URL as CockroachDB prints them ({@code postgresql://user:pw@host:26257/db?sslmode=…})
 * or a JDBC one ({@code jdbc:postgresql://host:26257/db?user=…}), taken apart so its parts can be
 * checked and handed to the JDBC driver. {@link #display()} is the URL with secrets masked.
 *
 * @param jdbc whether it was given as a JDBC URL (then it is passed to the driver as written)
 * @param text the URL as given: it holds secrets, never print it
 */
public record PgUrl(boolean jdbc, String text, List<Endpoint> hosts, String database, String user, String password, Map<String, String> params) {
    /** libpq's and the JDBC driver's default port. */
    public static final int DEFAULT_PORT = 5432;

    public static PgUrl parse(String url) {
        String rest;
        boolean jdbc = url.startsWith("jdbc:postgresql://");
        if (jdbc) {
            rest = url.substring("jdbc:postgresql://".length());
        } else if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            rest = url.substring(url.indexOf("://") + 3);
        } else {
            throw new IllegalArgumentException("not a PostgreSQL URL (expected postgresql://, postgres:// or jdbc:postgresql://)");
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? decode(rest.substring(slash + 1)) : null;
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
        }
        List<Endpoint> hosts = new ArrayList<>();
        for (String host : authority.split(",")) {
            if (!host.isEmpty()) {
                hosts.add(Endpoint.parse(decode(host), DEFAULT_PORT));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                params.put(decode(eq >= 0 ? pair.substring(0, eq) : pair), eq >= 0 ? decode(pair.substring(eq + 1)) : "");
            }
        }
        if (hosts.isEmpty()) {
            hosts.add(new Endpoint("localhost", DEFAULT_PORT));
        }
        if (user == null) {
            user = params.get("user");
        }
        if (password == null) {
            password = params.get("password");
        }
        return new PgUrl(jdbc, url, List.copyOf(hosts), database, user, password, params);
    }

    public String sslmode() {
        return params.getOrDefault("sslmode", "prefer");
    }

    public boolean verifiesCertificate() {
        return sslmode().equals("verify-ca") || sslmode().equals("verify-full");
    }

    public Path param(String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? null : Path.of(value);
    }

    /** Every secret value in the URL, for {@link Redact#scrub}. */
    public Set<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        if (password != null) {
            secrets.add(password);
        }
        params.forEach((name, value) -> {
            if (Redact.isSecretParam(name)) {
                secrets.add(value);
            }
        });
        return secrets;
    }

    /** The URL to show: the same text with every secret masked. */
    public String display() {
        String shown = text.replaceFirst("(://[^/@?]*?:)[^/@?]*@", "$1" + Redact.MASK + "@");
        return Redact.scrub(shown, secrets());
    }

    /** The URL the JDBC driver gets: as given when it is a JDBC URL, else hosts and database only (the rest goes as properties). */
    public String jdbcUrl() {
        if (jdbc) {
            return text;
        }
        return "jdbc:postgresql://" + String.join(",", hosts.stream().map(Endpoint::toString).toList()) + "/" + (database == null ? "" : database);
    }

    /** Percent-decoding as URLs use it in paths and queries ('+' stays '+': libpq does not treat it as a space). */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
