package dev.tlsdoctor.rules;

import dev.tlsdoctor.certs.PrincipalMap;
import java.time.Instant;

/**
 * How this run judges, as opposed to what was observed: what the user asked for (the moment, the expiry
 * thresholds, the principal map), parsed and checked once by the command line, and CockroachDB's
 * environment. The hosts and the user a certificate must serve travel in the evidence
 * ({@code CertEvidence.hosts}, {@code CertsDirEvidence.user}): a served chain is judged against the host dialled.
 *
 * @param at the moment validity is judged at ({@code --at}, else now)
 * @param warnDays {@code --warn-days}, or null for the rule's parameter
 * @param critDays {@code --crit-days}, or null for the rule's parameter
 * @param principalMap {@code --cert-principal-map}
 * @param skipKeyPermissionCheck whether {@code COCKROACH_SKIP_KEY_PERMISSION_CHECK} is set to true
 * @param processGid the primary group CockroachDB would run with (ours), for the root-owned 0740 case
 */
public record RunSettings(
        Instant at,
        Integer warnDays,
        Integer critDays,
        PrincipalMap principalMap,
        boolean skipKeyPermissionCheck,
        long processGid) {

    public static RunSettings defaults() {
        return new RunSettings(Instant.now(), null, null, PrincipalMap.NONE, false, -1);
    }
}
