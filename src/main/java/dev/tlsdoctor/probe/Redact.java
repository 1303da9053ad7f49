package dev.tlsdoctor.probe;

import java.util.Collection;
import java.util.regex.Pattern;

/** Keeps secrets out of every output: passwords and keys given in URLs never appear in what we print. */
public final class Redact {
    public static final String MASK = "***";
    /** Query parameters whose values are secrets (passwords, tokens, private keys), in any sink or connection URL. */
    private static final Pattern SECRET_PARAM = Pattern.compile("(?i).*(password|secret|token|credential|access_key|api_key).*|client_key");

    private Redact() {}

    public static boolean isSecretParam(String name) {
        return SECRET_PARAM.matcher(name).matches();
    }

    /** {@code text} with every occurrence of each secret value replaced by {@value #MASK}. */
    public static String scrub(String text, Collection<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 2) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
