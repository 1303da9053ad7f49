package dev.tlsdoctor.certs;

/**
 * One way a certificate is verified in the cluster, and the result.
 *
 * @param use how it is used, for messages: e.g. "as the node's server certificate"
 * @param pool the CA certificates that verify it in that use
 * @param result the path validation against {@code pool}
 * @param againstMainCa when {@code pool} is the split client CA and validation failed: the result
 *     against {@code ca.crt}, to tell a certificate signed by the wrong CA from an unknown one; else null
 */
public record Verification(String use, TrustPool pool, PathResult result, PathResult againstMainCa) {}
