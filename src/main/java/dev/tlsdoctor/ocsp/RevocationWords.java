package dev.tlsdoctor.ocsp;

import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.common.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.security.auth.x500.X500Principal;

/** Wording shared by the OCSP and CRL checks' details. */
final class RevocationWords {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String[] REASONS = {
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
        "cessationOfOperation", "certificateHold", null, "removeFromCRL", "privilegeWithdrawn", "aACompromise"};

    private RevocationWords() {}

    /** The RFC 5280 name of a CRLReason code. */
    static String reason(int code) {
        return code >= 0 && code < REASONS.length && REASONS[code] != null ? REASONS[code] : "reason code " + code;
    }

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    static String name(X500Principal name) {
        return "'" + CertNames.shortName(name) + "'";
    }

    /**
     * Why an answer or CRL issued for [thisUpdate, nextUpdate] cannot be taken as current at {@code now},
     * allowing {@code skew} either way; null when it is current.
     */
    static String freshness(Instant thisUpdate, Instant nextUpdate, Instant now, Duration skew) {
        if (thisUpdate != null && thisUpdate.isAfter(now.plus(skew))) {
            return "its thisUpdate " + date(thisUpdate) + " is more than " + Durations.words(skew)
                    + " ahead of our clock (the responder's clock or ours is wrong)";
        }
        if (nextUpdate != null && nextUpdate.isBefore(now.minus(skew))) {
            return "its nextUpdate " + date(nextUpdate) + " passed " + ago(nextUpdate, now) + " ago";
        }
        return null;
    }

    private static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        return Math.max(1, d.toMinutes()) + " minutes";
    }
}
