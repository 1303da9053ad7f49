package dev.tlsdoctor.serve;

import dev.tlsdoctor.probe.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The targets {@code /probe} may dial: {@code HOST:PORT} patterns where {@code *} in the host stands for
 * any run of characters and a port of {@code *} for any port. An exporter that dials whatever a URL
 * names is a server-side request forgery tool, so a target no pattern matches is refused before any
 * name is resolved. The match is on the name as asked for: what a permitted name resolves to is the
 * business of whoever runs its DNS.
 */
public final class TargetAllowlist {
    private record Rule(Pattern host, int port) {}

    private static final int ANY_PORT = -1;
    private final List<Rule> rules;

    private TargetAllowlist(List<Rule> rules) {
        this.rules = rules;
    }

    /** @throws IllegalArgumentException naming the pattern that is not {@code HOST:PORT} */
    public static TargetAllowlist of(List<String> patterns) {
        List<Rule> rules = new ArrayList<>();
        for (String text : patterns) {
            int colon = text == null ? -1 : text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (e.g. \"127.0.0.1:*\", \"*.crdb.internal:26257\")");
            }
            String host = text.substring(0, colon).toLowerCase(Locale.ROOT);
            String port = text.substring(colon + 1);
            rules.add(new Rule(glob(host), port.equals("*") ? ANY_PORT : port(text, port)));
        }
        return new TargetAllowlist(List.copyOf(rules));
    }

    public boolean permits(Endpoint target) {
        String host = target.isIpv6Literal() ? "[" + target.host().toLowerCase(Locale.ROOT) + "]" : target.host().toLowerCase(Locale.ROOT);
        for (Rule rule : rules) {
            if ((rule.port == ANY_PORT || rule.port == target.port()) && rule.host.matcher(host).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String host) {
        StringBuilder regex = new StringBuilder();
        for (String part : host.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static int port(String text, String port) {
        try {
            int n = Integer.parseInt(port);
            if (n >= 1 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("'" + text + "': the port must be 1-65535 or *");
    }
}
