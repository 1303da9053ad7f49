package dev.tlsdoctor.probe;

import dev.tlsdoctor.common.Evidence;
import java.util.List;

/**
 * Evidence: a changefeed sink URI's TLS parameters, as CockroachDB will decode them (Go's url.Parse,
 * query unescaping, then base64.StdEncoding for {@code ca_cert}, {@code client_cert}, {@code client_key}).
 *
 * @param subject what findings name: the sink without its query
 * @param tlsEnabled {@code tls_enabled=true}
 * @param skipVerify {@code insecure_tls_skip_verify=true}
 * @param rawControlIn the parameter holding a raw control character (a line break from line-wrapped
 *     base64 pasted as is), which makes Go's url.Parse reject the whole URI; null when there is none
 * @param params the certificate and key parameters present
 */
public record SinkUri(String subject, boolean tlsEnabled, boolean skipVerify, String rawControlIn, List<Param> params) implements Evidence {

    /** What a parameter's value decodes to. */
    public enum Decoded { PEM_CERTIFICATE, PEM_PRIVATE_KEY, DER, OTHER, NOTHING }

    /**
     * One of ca_cert, client_cert, client_key.
     *
     * @param encodedLineBreaks the value holds %0A/%0D: line-wrapped base64, which Go's decoder skips
     * @param unencodedPlus the raw value holds '+', which query unescaping turns into a space
     * @param spaces the unescaped value holds spaces (from '+' or from wrapped lines joined with spaces)
     * @param pemText the value is PEM text itself rather than base64 of it
     * @param badEscape a malformed %-escape: Go drops the whole parameter
     * @param base64Error the error Go's base64 decoder gives, or null when it decodes
     * @param decoded what the decoded bytes are
     */
    public record Param(String name, boolean encodedLineBreaks, boolean unencodedPlus, boolean spaces, boolean pemText,
            boolean badEscape, String base64Error, Decoded decoded) {}

    public Param param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
