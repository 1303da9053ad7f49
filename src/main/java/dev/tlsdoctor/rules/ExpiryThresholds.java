package dev.tlsdoctor.rules;

/**
 * How close to expiry is too close: --warn-days/--crit-days, else rule expiring-soon's parameters. The
 * rule judges by them and the monitoring formats show them.
 */
public record ExpiryThresholds(int warnDays, int critDays) {

    public static ExpiryThresholds of(RunSettings settings, RuleSpec expiringSoon) {
        return new ExpiryThresholds(
                settings.warnDays() != null ? settings.warnDays() : expiringSoon.intParameter("warn-days"),
                settings.critDays() != null ? settings.critDays() : expiringSoon.intParameter("crit-days"));
    }
}
