package dev.tlsdoctor.ocsp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tlsdoctor.common.Evidence;
import java.time.Duration;

/**
 * Evidence: one OCSP responder as seen over the whole run, for the rules about the responder itself.
 *
 * @param url the responder
 * @param mode the {@code security.ocsp.mode} to judge by
 * @param timeout the per-call timeout ({@code security.ocsp.timeout})
 * @param certificates how many checked certificates name it
 * @param soleResponderFor how many of those name no other responder
 * @param requests requests sent to it (answers reused within their validity are not counted)
 * @param unreachable how many of those got no usable answer (refused, timeout, HTTP error, internalError/tryLater)
 * @param slowestMillis the slowest exchange
 * @param nonceEchoed verified answers that echoed our nonce
 * @param nonceOmitted verified answers to a request with a nonce that left it out
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponderEvidence(
        String url,
        @JsonIgnore OcspMode mode,
        @JsonIgnore Duration timeout,
        int certificates,
        int soleResponderFor,
        int requests,
        int unreachable,
        long slowestMillis,
        int nonceEchoed,
        int nonceOmitted) implements Evidence {}
