package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.rules.RunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that change how rules judge: override files, thresholds and the moment of judgement. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "DIR",
            description = "Directory of rule override files (YAML with an id and the fields to change). Repeatable; applied after ~/.config/tls-doctor/rules.")
    List<Path> ruleDirs = new ArrayList<>();

    @Option(names = "--warn-days", paramLabel = "N", description = "Warn when a certificate expires within N days (default: rule expiring-soon, 30).")
    Integer warnDays;

    @Option(names = "--crit-days", paramLabel = "N", description = "Critical when a certificate expires within N days (default: rule expiring-soon, 7).")
    Integer critDays;

    @Option(names = "--at", paramLabel = "TIME", description = "Judge validity as of this moment: an ISO-8601 date (2027-01-01, midnight UTC) or instant (2027-01-01T12:00:00Z).")
    String at;

    Instant moment() {
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

    /** What the rules need to know of this run: the moment, the thresholds, CockroachDB's environment. */
    RunSettings settings(Instant at, PrincipalMap principalMap) {
        return new RunSettings(at, warnDays, critDays, principalMap, CockroachEnv.skipKeyPermissionCheck(), CockroachEnv.processGid());
    }

    /** The per-user override directory (if it exists), then {@code --rules} directories in the order given. */
    List<Path> overrideDirs() {
        List<Path> dirs = new ArrayList<>();
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        Path userRules = config.resolve("tls-doctor").resolve("rules");
        if (Files.isDirectory(userRules)) {
            dirs.add(userRules);
        }
        dirs.addAll(ruleDirs);
        if (warnDays != null && warnDays < 0 || critDays != null && critDays < 0) {
            throw new UserError("--warn-days and --crit-days must not be negative");
        }
        return dirs;
    }
}
