package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.rules.Check;
import java.util.List;

/** Every check, one per rule file in rules/. The engine refuses to start if the two disagree. */
public final class AllChecks {
    public static final List<Check<?>> ALL = List.of(
            // the certs directory as a whole
            new MissingFile(),
            new StrayFile(),
            new CaKeyExposed(),
            new UnreadableFileCheck(),
            new StrictParserRefuses(),
            // each certificate and its key
            new Expired(),
            new NotYetValid(),
            new ExpiringSoon(),
            new UnknownAuthority(),
            new SplitCaMismatch(),
            new CaConstraints(),
            new CaOutlived(),
            new CaIntermediateAnchor(),
            new KeyUsage(),
            new SanMissing(),
            new SanMissingHost(),
            new NodeCn(),
            new ClientCn(),
            new TenantId(),
            new WeakKey(),
            new WeakSignature(),
            new KeyPermissions(),
            new KeyEncrypted(),
            new KeyMismatch(),
            // revocation: OCSP per certificate and per responder, then CRL (only with `ocsp` or --ocsp)
            new Revoked(),
            new OcspUnknown(),
            new OcspUnreachable(),
            new OcspBadResponse(),
            new OcspStale(),
            new OcspNoUrl(),
            new OcspSha256Unsupported(),
            new OcspStrictRisk(),
            new OcspNonceIgnored(),
            new CrlRevoked(),
            new CrlUnreachable(),
            new CrlStale(),
            new CrlInvalid(),
            // client-side settings: connection URLs and the key files clients read
            new KeyFormatCheck(),
            new Sslmode(),
            new PasswordAuth(),
            new ConnectionEof(),
            // live endpoints (tls-doctor probe / connect): what a running server serves and accepts
            new Unreachable(),
            new Timeout(),
            new InsecureNode(),
            new NotTls(),
            new HandshakeFailed(),
            new ClientCertRejected(),
            new SqlAuthFailed(),
            new SqlDatabaseMissing(),
            new SqlRoleMissing(),
            new SqlReservedRole(),
            new HbaPasswordRequired(),
            new ClientCertNotSent(),
            new TlsVersion(),
            new ServedCertDiffers(),
            new ChainIncomplete(),
            new ChangefeedUri());

    private AllChecks() {}
}
