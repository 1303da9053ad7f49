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
            // each certificate and its key
            new Expired(),
            new NotYetValid(),
            new ExpiringSoon(),
            new UnknownAuthority(),
            new SplitCaMismatch(),
            new CaConstraints(),
            new CaOutlived(),
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
            // live endpoints (tls-doctor probe / connect): what a running server serves and accepts
            new Unreachable(),
            new Timeout(),
            new InsecureNode(),
            new NotTls(),
            new HandshakeFailed(),
            new ClientCertRejected(),
            new SqlAuthFailed(),
            new TlsVersion(),
            new ServedCertDiffers(),
            new ChainIncomplete(),
            new ClientKeyFormat(),
            new ChangefeedUri());

    private AllChecks() {}
}
