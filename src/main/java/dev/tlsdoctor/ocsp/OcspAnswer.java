package dev.tlsdoctor.ocsp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Locale;

/**
 * Evidence: one OCSP request and what we concluded from the answer, after verifying it in full.
 *
 * @param url the responder asked
 * @param method GET or POST
 * @param hash the CertID hash algorithm, SHA-256 or SHA-1
 * @param nonceSent whether the request carried a nonce
 * @param outcome the verdict; GOOD, REVOKED and UNKNOWN only for a response whose signature, signer and CertID verified
 * @param detail the verdict in words, with the concrete values (HTTP status, signer, mismatching serial…)
 * @param signer who signed the response, for verified responses: the issuer or a delegated responder
 * @param thisUpdate the answer's thisUpdate, for verified responses
 * @param nextUpdate the answer's nextUpdate (null if the responder gave none)
 * @param revokedAt when the certificate was revoked, for REVOKED
 * @param revocationReason the RFC 5280 reason name, for REVOKED (null if the responder gave none)
 * @param nonce what became of our nonce
 * @param freshnessProblem why the answer is not current (thisUpdate ahead of our clock, nextUpdate passed), or null
 * @param cockroachWouldAccept for a BAD_RESPONSE to CockroachDB's request: the flaw is one Go's OCSP parser does not
 *     check (responder EKU or validity, issuer hashes), so CockroachDB would act on the answer anyway
 * @param elapsedMillis how long the exchange took
 * @param reused whether this answer was reused from an earlier identical request in this run (no request sent)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OcspAnswer(
        String url,
        String method,
        String hash,
        boolean nonceSent,
        Outcome outcome,
        String detail,
        String signer,
        Instant thisUpdate,
        Instant nextUpdate,
        Instant revokedAt,
        String revocationReason,
        Nonce nonce,
        String freshnessProblem,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean cockroachWouldAccept,
        long elapsedMillis,
        boolean reused) {

    public enum Outcome {
        GOOD, REVOKED, UNKNOWN,
        /** A response status other than successful that means "no answer for you": unauthorized, malformedRequest, sigRequired. */
        REFUSED,
        /** No usable answer: connection failed, timeout, HTTP error, responder internalError/tryLater. */
        UNREACHABLE,
        /** An answer that must not be believed: bad signature, unauthorised signer, CertID or nonce mismatch, malformed, wrong content type, too large. */
        BAD_RESPONSE;

        /** What CockroachDB (and any client) can act on: a verified good or revoked. */
        public boolean isDefinitive() {
            return this == GOOD || this == REVOKED;
        }

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public enum Nonce {
        NOT_SENT, ECHOED, OMITTED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The request in words, e.g. "SHA-256 POST without nonce". */
    @JsonIgnore
    public String request() {
        return hash + " " + method + (nonceSent ? " with nonce" : " without nonce");
    }

    OcspAnswer asReused() {
        return new OcspAnswer(url, method, hash, nonceSent, outcome, detail, signer, thisUpdate, nextUpdate,
                revokedAt, revocationReason, nonce, freshnessProblem, cockroachWouldAccept, elapsedMillis, true);
    }
}
