package dev.tlsdoctor.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A host and port to dial, as the user wrote it: {@code host}, {@code host:port}, {@code [v6]:port}
 * or a bare IPv6 literal.
 */
public record Endpoint(String host, int port) {
    /** CockroachDB's default --listen-addr port: SQL (pgwire) and inter-node RPC share it. */
    public static final int COCKROACH_PORT = 26257;

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static Endpoint parse(String text, int defaultPort) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty target");
        }
        if (t.contains("://")) {
            throw new IllegalArgumentException("'" + t + "' is a URL; give HOST[:PORT] (use 'tls-doctor connect --url' for connection URLs)");
        }
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + t + "': missing ']' after the IPv6 address");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + t + "': expected ':PORT' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (t.indexOf(':') != t.lastIndexOf(':')) {
            host = t; // a bare IPv6 literal: no port can be told apart from it
        } else {
            int colon = t.indexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + t + "': no host");
        }
        return new Endpoint(host.toLowerCase(Locale.ROOT), port == null ? defaultPort : parsePort(t, port));
    }

    /** HOST[:PORT] texts as endpoints (port 26257 unless given), each once. @throws IllegalArgumentException as {@link #parse} */
    public static List<Endpoint> parseAll(List<String> texts) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String text : texts) {
            Endpoint e = parse(text, COCKROACH_PORT);
            if (!endpoints.contains(e)) {
                endpoints.add(e);
            }
        }
        return endpoints;
    }

    private static int parsePort(String target, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("'" + target + "': port must be a number from 1 to 65535, not '" + port + "'");
    }

    public boolean isIpv6Literal() {
        return host.contains(":");
    }

    @Override
    public String toString() {
        return (isIpv6Literal() ? "[" + host + "]" : host) + ":" + port;
    }
}
