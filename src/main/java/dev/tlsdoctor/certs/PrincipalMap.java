package dev.tlsdoctor.certs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --cert-principal-map}: comma-separated {@code <cert-principal>:<db-principal>} entries,
 * split on the last colon; empty entries ignored; the last mapping of a name wins; exact match.
 */
public final class PrincipalMap {
    public static final PrincipalMap NONE = new PrincipalMap(Map.of());

    private final Map<String, String> mapping;

    private PrincipalMap(Map<String, String> mapping) {
        this.mapping = mapping;
    }

    /** Parses the flag value; a bad entry fails with CockroachDB's own wording. */
    public static PrincipalMap parse(String flag) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String entry : flag.split(",")) {
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon < 0) { // CockroachDB accepts empty halves; only a missing colon is an error
                throw new IllegalArgumentException("invalid <cert-principal>:<db-principal> mapping: \"" + entry + "\"");
            }
            mapping.put(entry.substring(0, colon), entry.substring(colon + 1));
        }
        return new PrincipalMap(mapping);
    }

    public String apply(String principal) {
        return mapping.getOrDefault(principal, principal);
    }

    public boolean isEmpty() {
        return mapping.isEmpty();
    }
}
