package dev.tlsdoctor.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.tlsdoctor.common.Durations;
import dev.tlsdoctor.ocsp.CrlEvidence;
import dev.tlsdoctor.ocsp.OcspAnswer;
import dev.tlsdoctor.ocsp.OcspEvidence;
import dev.tlsdoctor.ocsp.OcspMode;
import dev.tlsdoctor.ocsp.ResponderEvidence;
import dev.tlsdoctor.ocsp.RevocationChecker;
import dev.tlsdoctor.ocsp.RevocationOptions;
import dev.tlsdoctor.ocsp.RevocationTarget;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code tls-doctor ocsp} shows each certificate's revocation status, before (text) or beside (JSON) the findings. */
final class RevocationView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * The {@code revocation} member of the JSON output.
     *
     * @param requestsSent HTTP requests sent (OCSP and CRL)
     * @param answersReused OCSP answers reused within their validity instead of asked again
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Json(OcspMode mode, long timeoutMs, int requestsSent, int answersReused,
            List<OcspEvidence> ocsp, List<CrlEvidence> crl, List<ResponderEvidence> responders) {}

    private RevocationView() {}

    /** The {@code revocation} member, added after the report's: the fields of the public contract stay as they are. */
    static Json json(RevocationChecker.Result result, RevocationOptions options) {
        return new Json(options.mode(), options.timeout().toMillis(), result.requestsSent(), result.answersReused(),
                only(result, OcspEvidence.class), only(result, CrlEvidence.class), only(result, ResponderEvidence.class));
    }

    static String text(RevocationChecker.Result result, RevocationOptions options) {
        StringBuilder out = new StringBuilder("Revocation (judged as security.ocsp.mode=" + options.mode().label()
                + ", security.ocsp.timeout=" + Durations.words(options.timeout()) + ")\n");
        Map<RevocationTarget, StringBuilder> byCertificate = new LinkedHashMap<>();
        for (Object item : result.evidence()) {
            if (item instanceof OcspEvidence o) {
                StringBuilder lines = byCertificate.computeIfAbsent(o.target(), t -> new StringBuilder());
                lines.append("    OCSP: ").append(o.status()).append('\n');
                for (OcspAnswer a : o.cockroach()) {
                    lines.append(answer(a, " (as CockroachDB)"));
                }
                for (OcspAnswer a : o.standard()) {
                    lines.append(answer(a, ""));
                }
            } else if (item instanceof CrlEvidence c) {
                byCertificate.computeIfAbsent(c.target(), t -> new StringBuilder()).append("    CRL ").append(c.url()).append(": ")
                        .append(c.detail()).append(validity(c.thisUpdate(), c.nextUpdate())).append(c.reused() ? "; downloaded before" : "").append('\n');
            }
        }
        String subject = null;
        for (Map.Entry<RevocationTarget, StringBuilder> entry : byCertificate.entrySet()) {
            RevocationTarget t = entry.getKey();
            if (!t.subject().equals(subject)) {
                subject = t.subject();
                out.append(subject).append('\n');
            }
            out.append("  ").append(t.certificate()).append(", serial ").append(t.serial()).append(", issued by '").append(t.issuer()).append("'\n")
                    .append(entry.getValue());
        }
        out.append("OCSP and CRL: ").append(result.requestsSent()).append(" HTTP requests sent, ")
                .append(result.answersReused()).append(" OCSP answers reused within their validity\n\n");
        return out.toString();
    }

    private static String answer(OcspAnswer a, String note) {
        StringBuilder line = new StringBuilder("      ").append(a.request()).append(note).append(" to ").append(a.url()).append(": ").append(a.detail());
        line.append(validity(a.thisUpdate(), a.nextUpdate()));
        if (a.nonce() == OcspAnswer.Nonce.ECHOED) {
            line.append("; nonce echoed");
        } else if (a.nonce() == OcspAnswer.Nonce.OMITTED) {
            line.append("; nonce not echoed");
        }
        if (a.freshnessProblem() != null) {
            line.append("; STALE: ").append(a.freshnessProblem());
        }
        line.append(a.reused() ? "; reused" : "; " + a.elapsedMillis() + " ms");
        return line.append('\n').toString();
    }

    private static String validity(Instant thisUpdate, Instant nextUpdate) {
        if (thisUpdate == null) {
            return "";
        }
        return "; this update " + TIME.format(thisUpdate) + (nextUpdate != null ? ", next update " + TIME.format(nextUpdate) : ", no next update");
    }

    private static <T> List<T> only(RevocationChecker.Result result, Class<T> type) {
        return result.evidence().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
