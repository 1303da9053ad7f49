package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.rules.RunSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** {@code --at}, {@code --warn-days}, {@code --crit-days}: when validity is judged, and how close to expiry is too close. */
final class TimeOptions {
    @Option(names = "--warn-days", paramLabel = "N", description = "Warn when a certificate expires within N days (default: rule expiring-soon, 30).")
    Integer warnDays;

    @Option(names = "--crit-days", paramLabel = "N", description = "Critical when a certificate expires within N days (default: rule expiring-soon, 7).")
    Integer critDays;

    @Option(names = "--at", paramLabel = "TIME", description = "Judge validity as of this moment: an ISO-8601 date (2027-01-01, midnight UTC) or instant (2027-01-01T12:00:00Z).")
    String at;

    /**
     * What the rules need to know of this run: the moment, the thresholds, CockroachDB's environment.
     *
     * @throws UserError for a moment that is not ISO-8601, a negative threshold, or a warning threshold below the critical one
     */
    RunSettings settings(PrincipalMap principalMap) {
        if (warnDays != null && warnDays < 0 || critDays != null && critDays < 0) {
            throw new UserError("--warn-days and --crit-days must not be negative");
        }
        if (warnDays != null && critDays != null && warnDays < critDays) {
            throw new UserError("--warn-days " + warnDays + " is less than --crit-days " + critDays + ": a certificate must reach the warning before it is critical");
        }
        return new RunSettings(moment(), warnDays, critDays, principalMap, CockroachEnv.skipKeyPermissionCheck(), CockroachEnv.processGid());
    }

    private Instant moment() {
        return at == null ? Instant.now() : parseMoment("--at", at);
    }

    /** An ISO-8601 date (midnight UTC) or instant given to {@code option}. */
    static Instant parseMoment(String option, String text) {
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notInstant) {
                throw new UserError(option + ": '" + text + "' is not an ISO-8601 date (2027-01-01) or instant (2027-01-01T12:00:00Z)");
            }
        }
    }
}
