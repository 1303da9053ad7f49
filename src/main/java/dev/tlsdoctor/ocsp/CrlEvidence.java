package dev.tlsdoctor.ocsp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tlsdoctor.common.Evidence;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Evidence: one certificate looked up in the CRL its distribution point names.
 *
 * @param target the certificate looked up
 * @param urls the http(s) CRL distribution points, in certificate order
 * @param url the one whose CRL decided (the first that gave a verified CRL), else the last tried
 * @param outcome the verdict
 * @param detail the verdict in words, with the failures of any URL tried before
 * @param thisUpdate the CRL's thisUpdate, when one was read
 * @param nextUpdate the CRL's nextUpdate (null if it has none)
 * @param revokedAt the revocation date, for REVOKED
 * @param revocationReason the entry's reason, for REVOKED (null if none)
 * @param freshnessProblem why the CRL is not current, or null
 * @param reused whether the CRL had been downloaded already in this run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"target", "urls", "url", "outcome"})
public record CrlEvidence(
        @JsonUnwrapped RevocationTarget target,
        List<String> urls,
        String url,
        Outcome outcome,
        String detail,
        Instant thisUpdate,
        Instant nextUpdate,
        Instant revokedAt,
        String revocationReason,
        String freshnessProblem,
        boolean reused) implements Evidence {

    public enum Outcome {
        NOT_REVOKED, REVOKED,
        /** No CRL could be downloaded: refused, timeout, HTTP error. */
        UNREACHABLE,
        /** A CRL was downloaded but must not be believed: not parsable, too large, another issuer, bad signature. */
        INVALID;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
