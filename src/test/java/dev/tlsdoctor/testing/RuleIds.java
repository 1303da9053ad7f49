package dev.tlsdoctor.testing;

import java.util.Set;

/** Every public rule id: the stable contract the catalog must hold exactly (add new ids here, never rename). */
public final class RuleIds {
    public static final Set<String> ALL = Set.of(
            // the certs directory and each certificate (tls-doctor check)
            "missing-file", "unreadable-file", "stray-file", "ca-key-exposed", "key-permissions", "key-encrypted", "key-mismatch",
            "expired", "not-yet-valid", "expiring-soon", "unknown-authority", "ca-constraints", "san-missing", "san-missing-host",
            "node-cn", "client-cn", "key-usage", "split-ca-mismatch", "weak-key", "weak-signature", "ca-outlived", "tenant-id", "ca-intermediate-anchor",
            "strict-parser-refuses",
            // revocation (tls-doctor ocsp, check --ocsp)
            "revoked", "ocsp-unknown", "ocsp-unreachable", "ocsp-bad-response", "ocsp-stale", "ocsp-no-url", "ocsp-sha256-unsupported",
            "ocsp-strict-risk", "ocsp-nonce-ignored", "crl-revoked", "crl-unreachable", "crl-stale", "crl-invalid",
            // live endpoints (probe, connect, check --changefeed-uri)
            "unreachable", "timeout", "insecure-node", "not-tls", "handshake-failed", "client-cert-rejected", "sql-auth-failed",
            "sql-database-missing", "sql-role-missing", "sql-reserved-role", "hba-password-required", "client-cert-not-sent",
            "served-cert-differs", "tls-version", "chain-incomplete", "changefeed-uri",
            // client settings (explain, connection URLs, client key files)
            "sslmode", "password-auth", "connection-eof", "key-format");

    private RuleIds() {}
}
