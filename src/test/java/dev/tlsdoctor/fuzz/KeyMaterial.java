package dev.tlsdoctor.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private-key material in a fuzz input, and the check that none of it shows in what the code says:
 * no run of {@value #RUN} characters of a key's base64 (PEM body) or hex appears in a message or report.
 */
final class KeyMaterial {
    static final KeyMaterial NONE = new KeyMaterial(Set.of());
    private static final int RUN = 16;
    /** A window of fewer different characters ("AAAA…", padding) says nothing about a key, and any text may hold it. */
    private static final int MIN_DISTINCT = 8;
    private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(.*?)(?:-----END|$)", Pattern.DOTALL);
    /** Lines such as "Proc-Type: 4,ENCRYPTED" inside a PEM block are not key material. */
    private static final Pattern PEM_HEADER = Pattern.compile("(?m)^[A-Za-z-]+:.*$");
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/]{" + RUN + ",}");
    private static final Pattern HEX_RUN = Pattern.compile("[0-9A-Fa-f]{" + RUN + ",}");

    /** Every window of {@value #RUN} characters of the material, in each form it could leak in. */
    private final Set<String> windows;

    private KeyMaterial(Set<String> windows) {
        this.windows = windows;
    }

    /** The bodies of the PEM private-key blocks in {@code text} (also inside JSON strings, with escaped line breaks). */
    static KeyMaterial inPem(String text) {
        Set<String> windows = new HashSet<>();
        Matcher m = PEM_KEY.matcher(text);
        while (m.find()) {
            String body = PEM_HEADER.matcher(m.group(1).replace("\\n", "\n").replace("\\r", "\n")).replaceAll("");
            addWindows(windows, body.replaceAll("[^A-Za-z0-9+/]", ""));
        }
        return new KeyMaterial(windows);
    }

    /** Binary key material (a DER key): in hex and in base64. */
    static KeyMaterial ofBytes(byte[] der) {
        Set<String> windows = new HashSet<>();
        addWindows(windows, HexFormat.of().formatHex(der));
        addWindows(windows, Base64.getEncoder().encodeToString(der).replace("=", ""));
        return new KeyMaterial(windows);
    }

    /** A secret as given (a URL parameter's value), with the key material inside it once decoded. */
    static KeyMaterial ofSecret(String secret) {
        Set<String> windows = new HashSet<>();
        addWindows(windows, secret.replaceAll("[^A-Za-z0-9+/]", ""));
        return new KeyMaterial(windows).and(inPem(secret));
    }

    KeyMaterial and(KeyMaterial other) {
        Set<String> both = new HashSet<>(windows);
        both.addAll(other.windows);
        return new KeyMaterial(both);
    }

    /**
     * Without the windows that also occur in {@code publicText}: the non-secret part of the same input,
     * which the output may quote (a sink's host name that happens to contain a piece of its key).
     */
    KeyMaterial exceptIn(String publicText) {
        Set<String> kept = new HashSet<>(windows);
        Set<String> shown = new HashSet<>();
        Matcher runs = BASE64_RUN.matcher(publicText);
        while (runs.find()) {
            addWindows(shown, runs.group());
        }
        kept.removeAll(shown);
        return new KeyMaterial(kept);
    }

    void assertAbsentFrom(String what, String text) {
        if (windows.isEmpty() || text == null) {
            return;
        }
        // the scratch directory's name is in paths the report names, and the fuzzer learns it from string comparisons
        String checked = text.replace(FuzzFixtures.scratchDirectory(), "");
        check(what, checked, BASE64_RUN, false);
        check(what, checked, HEX_RUN, true);
    }

    private void check(String what, String text, Pattern runs, boolean hex) {
        Matcher m = runs.matcher(text);
        while (m.find()) {
            String run = hex ? m.group().toLowerCase(Locale.ROOT) : m.group();
            for (int i = 0; i + RUN <= run.length(); i++) {
                if (windows.contains(run.substring(i, i + RUN))) {
                    throw new AssertionError(what + " repeats private-key material ('" + run.substring(i, i + RUN) + "…')");
                }
            }
        }
    }

    private static void addWindows(Set<String> windows, String material) {
        for (int i = 0; i + RUN <= material.length(); i++) {
            String window = material.substring(i, i + RUN);
            if (window.chars().distinct().count() >= MIN_DISTINCT) {
                windows.add(window);
            }
        }
    }

    static String latin1(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1);
    }
}
