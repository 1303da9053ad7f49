package dev.tlsdoctor.certs;

import java.security.cert.X509Certificate;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL/RPC identities a client certificate can log in as, computed as CockroachDB does
 * (pkg/security/auth.go): if any {@code crdb://} URI SAN exists only those count; otherwise the CN
 * (lowercased and NFC-normalised) and every DNS SAN (as written), each passed through the principal map.
 */
public final class Principals {
    private static final String CRDB_URI = "crdb://";

    /**
     * @param name the database user this principal grants
     * @param source where it came from, e.g. {@code CN=Bob}, {@code DNS:root}, {@code URI:crdb://…}
     * @param tenant the tenant it is scoped to, or null for all tenants
     */
    public record Principal(String name, String source, String tenant) {}

    private Principals() {}

    /** The principals of a SQL login: the CN normalised, as pgwire does before applying the map. */
    public static List<Principal> of(X509Certificate cert, PrincipalMap map) {
        return of(cert, map, true);
    }

    /** The principals of an inter-node RPC connection (pkg/rpc/auth.go): the CN as written, not normalised. */
    public static List<Principal> ofRpc(X509Certificate cert, PrincipalMap map) {
        return of(cert, map, false);
    }

    private static List<Principal> of(X509Certificate cert, PrincipalMap map, boolean normalizeCn) {
        List<Principal> principals = new ArrayList<>();
        for (String uri : CertNames.uris(cert)) {
            if (uri.startsWith(CRDB_URI)) {
                Principal p = parseCrdbUri(uri);
                if (p != null) {
                    principals.add(p);
                }
            }
        }
        if (!principals.isEmpty() || CertNames.uris(cert).stream().anyMatch(u -> u.startsWith(CRDB_URI))) {
            return principals;
        }
        String cn = CertNames.subjectAttribute(cert, "CN");
        if (cn != null) {
            principals.add(new Principal(map.apply(normalizeCn ? normalize(cn) : cn), "CN=" + cn, null));
        }
        for (String dns : CertNames.dnsNames(cert)) {
            principals.add(new Principal(map.apply(dns), "DNS:" + dns, null));
        }
        return principals;
    }

    /** Whether the certificate can log in as {@code user} (as typed by the client, then normalised). */
    public static boolean grants(X509Certificate cert, PrincipalMap map, String user) {
        String wanted = normalize(user);
        return of(cert, map).stream().anyMatch(p -> p.name().equals(wanted));
    }

    /** SQL user normalisation: lowercase and Unicode NFC. */
    public static String normalize(String user) {
        return Normalizer.normalize(user.toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    /** {@code crdb://tenant/<id>/user/<user>} or {@code crdb://tenant-name/<name>/user/<user>}. */
    private static Principal parseCrdbUri(String uri) {
        String[] parts = uri.substring(CRDB_URI.length()).split("/");
        if (parts.length == 4 && (parts[0].equals("tenant") || parts[0].equals("tenant-name")) && parts[2].equals("user")) {
            return new Principal(parts[3], "URI:" + uri, parts[0] + "/" + parts[1]);
        }
        return null;
    }

    /** For messages: {@code "bob" (from CN=Bob), "root" (from DNS:root)}. */
    public static String describe(List<Principal> principals) {
        if (principals.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Principal p : principals) {
            parts.add("\"" + p.name() + "\" (from " + p.source() + (p.tenant() != null ? ", " + p.tenant() + " only" : "") + ")");
        }
        return String.join(", ", parts);
    }
}
