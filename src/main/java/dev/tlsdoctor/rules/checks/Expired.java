package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A certificate in the file or its chain, or the CA it chains to, is past its notAfter. */
public final class Expired extends Check<CertEvidence> {
    public Expired() {
        super("expired", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        Instant at = out.settings().at();
        for (X509Certificate cert : e.judgedCertificates()) {
            if (at.isAfter(CertFacts.notAfter(cert))) {
                // During CA rotation ca.crt holds the old and the new CA: an expired one beside a valid one is harmless.
                boolean rotationBundle = e.role().isAuthority() && e.certs().stream().anyMatch(other -> isValid(other, at));
                out.report(rotationBundle ? Severity.WARNING : Severity.ERROR, e.subject(),
                        Describe.cert(e, cert) + " expired on " + Describe.date(CertFacts.notAfter(cert))
                                + " (" + daysAgo(cert, at) + " days ago)"
                                + (rotationBundle ? "; another CA in the bundle is still valid, so only certificates it signed still verify" : ""),
                        FixCommands.vars(e));
            }
        }
        for (Verification v : e.verifications()) {
            X509Certificate anchor = v.result().anchor();
            if (anchor != null && !e.certs().contains(anchor) && at.isAfter(CertFacts.notAfter(anchor))) {
                out.report(e.subject(), "it is signed by CA " + Describe.name(anchor) + " in " + v.pool().name()
                        + ", which expired on " + Describe.date(CertFacts.notAfter(anchor)) + ", so it no longer verifies " + v.use(),
                        FixCommands.vars(e));
            }
        }
    }

    private static long daysAgo(X509Certificate cert, Instant at) {
        return -CertFacts.daysLeft(cert, at);
    }

    private static boolean isValid(X509Certificate cert, Instant at) {
        return !at.isBefore(CertFacts.notBefore(cert)) && !at.isAfter(CertFacts.notAfter(cert));
    }
}
