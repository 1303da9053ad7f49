package dev.tlsdoctor.probe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertNames;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;

/**
 * The fleet view of a probe run: how many endpoints answered with TLS, which CAs issued what they
 * serve (more than one means the nodes disagree), and whose certificate expires first.
 *
 * @param endpoints the endpoints probed
 * @param reachedTls how many of them completed a TLS handshake in some mode
 * @param issuers each issuing CA (name and key id) with the endpoints whose certificate it signed
 * @param firstExpiry the served certificate that expires first, or null when none was seen
 */
@JsonPropertyOrder({"endpoints", "reached_tls", "issuers_disagree", "issuers", "first_expiry"})
public record ClusterSummary(
        int endpoints,
        @JsonProperty("reached_tls") int reachedTls,
        List<IssuerGroup> issuers,
        @JsonProperty("first_expiry") Expiry firstExpiry) {

    public record IssuerGroup(String issuer, List<String> endpoints) {}

    @JsonPropertyOrder({"endpoint", "subject", "not_after", "days_left"})
    public record Expiry(String endpoint, String subject, @JsonProperty("not_after") Instant notAfter, @JsonProperty("days_left") long daysLeft,
            @JsonIgnore long secondsLeft) {}

    @JsonProperty("issuers_disagree")
    public boolean issuersDisagree() {
        return issuers.size() > 1;
    }

    public static ClusterSummary of(List<ProbeResult> results, Instant at) {
        Set<Endpoint> all = new LinkedHashSet<>();
        Set<Endpoint> reached = new LinkedHashSet<>();
        Map<String, Set<String>> byIssuer = new LinkedHashMap<>();
        Expiry first = null;
        for (ProbeResult r : results) {
            all.add(r.endpoint());
            if (r.reachedTls()) {
                reached.add(r.endpoint());
            }
            if (r.servedChain().isEmpty()) {
                continue;
            }
            X509Certificate leaf = r.servedChain().get(0);
            byIssuer.computeIfAbsent(issuerName(leaf), k -> new LinkedHashSet<>()).add(r.endpoint().toString());
            if (first == null || CertFacts.notAfter(leaf).isBefore(first.notAfter())) {
                first = new Expiry(r.endpoint().toString(), CertNames.shortName(leaf.getSubjectX500Principal()), CertFacts.notAfter(leaf), CertFacts.daysLeft(leaf, at),
                        CertFacts.secondsLeft(leaf, at));
            }
        }
        List<IssuerGroup> issuers = new ArrayList<>();
        byIssuer.forEach((issuer, endpoints) -> issuers.add(new IssuerGroup(issuer, List.copyOf(endpoints))));
        return new ClusterSummary(all.size(), reached.size(), issuers, first);
    }

    /** The issuer's name, with its key id: two CAs of the same name (a re-created CA) are told apart. */
    private static String issuerName(X509Certificate leaf) {
        String name = CertNames.shortName(leaf.getIssuerX500Principal());
        byte[] aki = leaf.getExtensionValue("2.5.29.35");
        if (aki == null) {
            return name;
        }
        try {
            byte[] keyId = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(aki).getOctets()).getKeyIdentifier();
            return keyId == null ? name : name + " (key id " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(keyId, 0, Math.min(8, keyId.length)) + ")";
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }
}
