package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertsDirEvidence;
import dev.tlsdoctor.certs.CertsDirEvidence.SkippedFile;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.Map;

/**
 * A file in the certs dir that CockroachDB does not load: a misnamed certificate (it only logs a
 * warning and skips it, so the operator believes it is in use), a key without its certificate, leftovers.
 */
public final class StrayFile extends Check<CertsDirEvidence> {
    public StrayFile() {
        super("stray-file", CertsDirEvidence.class);
    }

    @Override
    public void check(CertsDirEvidence e, RuleContext out) {
        for (SkippedFile skipped : e.skipped()) {
            String name = skipped.file().getFileName().toString();
            // A misnamed .crt is a certificate someone meant to use; other leftovers only clutter.
            Severity severity = name.endsWith(".crt") ? Severity.WARNING : Severity.INFO;
            out.report(severity, skipped.file().toString(), skipped.reason(),
                    Map.of("file", skipped.file().toString(), "certsDir", e.dir().toString()));
        }
    }
}
