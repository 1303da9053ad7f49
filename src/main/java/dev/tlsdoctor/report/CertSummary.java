package dev.tlsdoctor.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.concurrent.ParallelMap;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One certificate in the report's inventory (the {@code certificates} array of the JSON output).
 *
 * @param secondsLeft until notAfter, as of the check (negative once expired): monitoring's number, and what tells expired from not
 */
@JsonPropertyOrder({"file", "role", "subject", "issuer", "serial", "sha256", "not_before", "not_after", "days_left", "sans", "key"})
public record CertSummary(
        String file,
        String role,
        String subject,
        String issuer,
        String serial,
        String sha256,
        @JsonProperty("not_before") Instant notBefore,
        @JsonProperty("not_after") Instant notAfter,
        @JsonProperty("days_left") long daysLeft,
        List<String> sans,
        String key,
        @JsonIgnore long secondsLeft) {

    public static CertSummary of(String file, String role, X509Certificate cert, Instant at) {
        return new CertSummary(file, role,
                CertNames.shortName(cert.getSubjectX500Principal()),
                CertNames.shortName(cert.getIssuerX500Principal()),
                CertFacts.serialHex(cert),
                CertFacts.sha256Fingerprint(cert),
                CertFacts.notBefore(cert),
                CertFacts.notAfter(cert),
                CertFacts.daysLeft(cert, at),
                CertNames.allSans(cert),
                CertFacts.keyDescription(cert.getPublicKey()),
                CertFacts.secondsLeft(cert, at));
    }

    /** Every certificate of every file in the evidence, in order; a file's later certificates are labelled #2, #3… (as "CA #2" when they are CAs). */
    public static List<CertSummary> inventory(List<? extends Evidence> evidence, Instant at) {
        // a large certs dir's inventory is thousands of independent summaries: built in parallel, kept in order
        List<CertSummary> out = new ArrayList<>();
        ParallelMap.map(evidence, item -> item instanceof CertEvidence cert ? summaries(cert, at) : List.<CertSummary>of()).forEach(out::addAll);
        return out;
    }

    private static List<CertSummary> summaries(CertEvidence cert, Instant at) {
        List<CertSummary> out = new ArrayList<>(cert.certs().size());
        String role = cert.role().usage() + (cert.argument() != null ? " (" + cert.argument() + ")" : "");
        for (int i = 0; i < cert.certs().size(); i++) {
            X509Certificate c = cert.certs().get(i);
            String label = i == 0 ? role : (CertFacts.isCa(c) ? "CA" : role) + " #" + (i + 1);
            out.add(of(cert.subject(), label, c, at));
        }
        return out;
    }
}
