package dev.tlsdoctor.ocsp;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tlsdoctor.certs.CertEvidence;

/**
 * The certificate a revocation check is about, in words for findings.
 *
 * @param subject what findings name: the file (or endpoint) the certificate came from
 * @param certificate the certificate in words, e.g. "the certificate 'CN=node,O=Cockroach'" or "intermediate 'CN=Issuing CA'"
 * @param serial its serial number in hex
 * @param issuer the issuer's name, as found (the certificate that signed it)
 * @param leaf whether it is the file's own certificate (not an intermediate above it)
 * @param source the certificate evidence it came from, for fix commands; null when there is none
 */
@JsonPropertyOrder({"subject", "certificate", "serial", "issuer"})
public record RevocationTarget(
        String subject,
        String certificate,
        String serial,
        String issuer,
        @JsonIgnore boolean leaf,
        @JsonIgnore CertEvidence source) {}
