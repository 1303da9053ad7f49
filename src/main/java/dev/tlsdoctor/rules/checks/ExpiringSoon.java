package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.ExpiryThresholds;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A certificate expires within the warning threshold (a warning) or the critical one (an error). */
public final class ExpiringSoon extends Check<CertEvidence> {
    public ExpiringSoon() {
        super("expiring-soon", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        Instant at = out.settings().at();
        ExpiryThresholds thresholds = ExpiryThresholds.of(out.settings(), out.rule());
        int warnDays = thresholds.warnDays();
        int critDays = thresholds.critDays();
        for (X509Certificate cert : e.judgedCertificates()) {
            if (at.isAfter(CertFacts.notAfter(cert)) || at.isBefore(CertFacts.notBefore(cert))) {
                continue; // expired and not-yet-valid say it better
            }
            long days = CertFacts.daysLeft(cert, at);
            if (days < Math.max(warnDays, critDays)) {
                boolean critical = days < critDays;
                out.report(critical ? Severity.ERROR : Severity.WARNING, e.subject(),
                        Describe.cert(e, cert) + " expires on " + Describe.date(CertFacts.notAfter(cert)) + ", in " + days
                                + (days == 1 ? " day" : " days") + " (" + (critical ? "critical" : "warning") + " threshold "
                                + (critical ? critDays : warnDays) + " days)",
                        FixCommands.vars(e));
            }
        }
    }
}
