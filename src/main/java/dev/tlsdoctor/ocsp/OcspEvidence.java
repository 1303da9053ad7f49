package dev.tlsdoctor.ocsp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.ocsp.OcspAnswer.Outcome;
import java.time.Duration;
import java.util.List;

/**
 * Evidence: the OCSP status of one certificate, asked two ways.
 *
 * @param target the certificate asked about
 * @param aiaUrls the responder URLs in its AIA extension (what CockroachDB uses)
 * @param urls the URLs actually asked: {@code aiaUrls}, or {@code --url} for a leaf
 * @param mode the {@code security.ocsp.mode} to judge by
 * @param timeout the per-call timeout used
 * @param cockroach the requests as CockroachDB sends them (SHA-256 CertID, POST, no nonce), URL by URL until a definitive answer
 * @param standard the requests as openssl and most clients send them (SHA-1 CertID, nonce, GET when small), likewise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"target", "status", "aia_urls", "urls", "cockroach", "standard"})
public record OcspEvidence(
        @JsonUnwrapped RevocationTarget target,
        List<String> aiaUrls,
        List<String> urls,
        @JsonIgnore OcspMode mode,
        @JsonIgnore Duration timeout,
        List<OcspAnswer> cockroach,
        List<OcspAnswer> standard) implements Evidence {

    /** What CockroachDB would act on: the first definitive answer, else the last failure; null when nothing was asked. */
    @JsonIgnore
    public OcspAnswer cockroachAnswer() {
        return finalAnswer(cockroach);
    }

    /** Our own check's result, chosen the same way. */
    @JsonIgnore
    public OcspAnswer standardAnswer() {
        return finalAnswer(standard);
    }

    /** The answers that decide: CockroachDB's and ours (absent ones left out). */
    @JsonIgnore
    public List<OcspAnswer> finalAnswers() {
        return java.util.stream.Stream.of(cockroachAnswer(), standardAnswer()).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * One word for the certificate's state: revoked, bad-response, good, stale, sha256-unsupported,
     * unreachable, unknown, or no-url. A good answer counts only if nothing contradicts or undermines it.
     */
    @JsonProperty("status")
    public String status() {
        OcspAnswer c = cockroachAnswer();
        if (c == null) {
            return "no-url";
        }
        if (finalAnswers().stream().anyMatch(a -> a.outcome() == Outcome.REVOKED)) {
            return "revoked";
        }
        if (finalAnswers().stream().anyMatch(a -> a.outcome() == Outcome.BAD_RESPONSE)) {
            return "bad-response";
        }
        if (c.outcome() == Outcome.GOOD) {
            return c.freshnessProblem() != null ? "stale" : "good";
        }
        if (isSha256Unsupported()) {
            return "sha256-unsupported";
        }
        return c.outcome() == Outcome.UNREACHABLE ? "unreachable" : "unknown";
    }

    /** The responder gives a definitive answer to a SHA-1 CertID but none to the SHA-256 one CockroachDB sends. */
    @JsonIgnore
    public boolean isSha256Unsupported() {
        OcspAnswer c = cockroachAnswer();
        OcspAnswer s = standardAnswer();
        return c != null && s != null && (c.outcome() == Outcome.UNKNOWN || c.outcome() == Outcome.REFUSED) && s.outcome().isDefinitive();
    }

    private static OcspAnswer finalAnswer(List<OcspAnswer> answers) {
        if (answers.isEmpty()) {
            return null;
        }
        return answers.stream().filter(a -> a.outcome().isDefinitive()).findFirst().orElse(answers.get(answers.size() - 1));
    }
}
