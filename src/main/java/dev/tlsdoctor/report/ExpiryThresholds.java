package dev.tlsdoctor.report;

import dev.tlsdoctor.rules.RuleSpec;
import dev.tlsdoctor.rules.RunSettings;

/** The days-left thresholds monitoring output shows: --warn-days/--crit-days, else rule expiring-soon's parameters. */
public record ExpiryThresholds(int warnDays, int critDays) {

    public static ExpiryThresholds of(RunSettings settings, RuleSpec expiringSoon) {
        return new ExpiryThresholds(
                settings.warnDays() != null ? settings.warnDays() : parameter(expiringSoon, "warn-days"),
                settings.critDays() != null ? settings.critDays() : parameter(expiringSoon, "crit-days"));
    }

    private static int parameter(RuleSpec rule, String name) {
        Object value = rule.parameters() == null ? null : rule.parameters().get(name);
        if (value instanceof Number n) {
            return n.intValue();
        }
        throw new dev.tlsdoctor.rules.RuleFileException("rules/" + rule.id() + ".yaml: parameter '" + name + "' must be a number, found " + value);
    }
}
