package dev.tlsdoctor.report;

import dev.tlsdoctor.client.ClientUrlLoader;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is taken out of a report before it is shared: always passwords and tokens in URLs; with
 * {@code --redact-hosts} also host names and IP addresses, each replaced by a mask that is the same
 * wherever that host appears (host-1, ip-1…). Loopback names and addresses say nothing and stay.
 * Private keys never get this far: no report section writes key material.
 */
public final class Redaction {
    private static final Set<String> KEPT = Set.of("localhost", "127.0.0.1", "::1");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\w]|\\.\\d)");

    private final boolean maskHosts;
    private final Pattern known;
    private final Map<String, String> masks = new LinkedHashMap<>();

    /** @param hosts the host names and addresses known to be in the report (SANs, --host values, host-like CNs) */
    public Redaction(boolean maskHosts, Collection<String> hosts) {
        this.maskHosts = maskHosts;
        Set<String> names = new TreeSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        hosts.stream().filter(h -> !h.isBlank() && !KEPT.contains(h.toLowerCase(java.util.Locale.ROOT))).forEach(names::add);
        this.known = names.isEmpty() ? null : Pattern.compile("(?<![\\w.-])(?:"
                + String.join("|", names.stream().map(Pattern::quote).toList()) + ")(?![\\w-])", Pattern.CASE_INSENSITIVE);
    }

    public static Redaction none() {
        return new Redaction(false, Set.of());
    }

    public boolean masksHosts() {
        return maskHosts;
    }

    public String apply(String text) {
        String out = ClientUrlLoader.mask(text);
        if (!maskHosts) {
            return out;
        }
        if (known != null) {
            out = replace(known, out);
        }
        return replace(IPV4, out);
    }

    private String replace(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String host = m.group().toLowerCase(java.util.Locale.ROOT);
            String mask = KEPT.contains(host) ? m.group() : masks.computeIfAbsent(host, h -> (isAddress(h) ? "ip-" : "host-") + (count(h) + 1));
            m.appendReplacement(out, Matcher.quoteReplacement(mask));
        }
        m.appendTail(out);
        return out.toString();
    }

    private long count(String host) {
        boolean address = isAddress(host);
        return masks.keySet().stream().filter(h -> isAddress(h) == address).count();
    }

    private static boolean isAddress(String host) {
        return host.contains(":") || IPV4.matcher(host).matches();
    }
}
