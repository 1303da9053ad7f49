package dev.tlsdoctor.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a certificate is valid for the name or address a client used, as Go and OpenSSL judge it
 * (RFC 6125): IP addresses only against IP SANs, names only against DNS SANs, a wildcard only as the
 * whole left-most label and matching exactly one label; never a fallback to the CN.
 */
public final class Hostnames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Hostnames() {}

    /**
     * The host part of what a user typed for a host: {@code db1:26257} gives {@code db1},
     * {@code [::1]:26257} and {@code [::1]} give {@code ::1}; a bare IPv6 address is kept whole.
     */
    public static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(1, close) : host;
        }
        int colon = host.indexOf(':');
        return colon > 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }

    public static boolean isIpLiteral(String host) {
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        return host.contains(":");
    }

    public static boolean matches(X509Certificate cert, String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (isIpLiteral(h)) {
            InetAddress wanted = literal(h);
            return wanted != null && CertNames.ipAddresses(cert).stream().map(Hostnames::literal).anyMatch(wanted::equals);
        }
        String name = h.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String san : CertNames.dnsNames(cert)) {
            if (dnsMatches(san.toLowerCase(Locale.ROOT), name)) {
                return true;
            }
        }
        return false;
    }

    static boolean dnsMatches(String pattern, String name) {
        if (pattern.endsWith(".")) {
            pattern = pattern.substring(0, pattern.length() - 1);
        }
        if (!pattern.startsWith("*.")) {
            return pattern.equals(name);
        }
        int dot = name.indexOf('.');
        return dot > 0 && name.substring(dot).equals(pattern.substring(1)) && pattern.indexOf('.', 2) > 0;
    }

    /** Parses an IP literal without any DNS lookup, or null. */
    private static InetAddress literal(String ip) {
        if (!isIpLiteral(ip)) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
