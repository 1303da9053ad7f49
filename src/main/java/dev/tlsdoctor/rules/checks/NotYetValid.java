package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** A certificate's notBefore is still in the future: a clock problem, or a certificate issued with a future start. */
public final class NotYetValid extends Check<CertEvidence> {
    public NotYetValid() {
        super("not-yet-valid", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        Instant at = out.settings().at();
        java.util.List<X509Certificate> judged = e.judgedCertificates();
        java.util.LinkedHashSet<X509Certificate> certs = new java.util.LinkedHashSet<>(judged);
        for (Verification v : e.verifications()) {
            if (v.result().anchor() != null) {
                certs.add(v.result().anchor());
            }
        }
        for (X509Certificate cert : certs) {
            Instant notBefore = CertFacts.notBefore(cert);
            if (at.isBefore(notBefore)) {
                Duration early = Duration.between(at, notBefore);
                out.report(e.subject(), (judged.contains(cert) ? Describe.cert(e, cert) : "its CA " + Describe.name(cert))
                        + " is not valid until " + Describe.date(notBefore) + " (" + words(early) + " from now)", FixCommands.vars(e));
            }
        }
    }

    private static String words(Duration d) {
        long days = CertFacts.wholeDays(d.getSeconds());
        if (days > 0) {
            return days + " days";
        }
        return d.toHours() > 0 ? d.toHours() + " hours" : d.toMinutes() + " minutes";
    }
}
