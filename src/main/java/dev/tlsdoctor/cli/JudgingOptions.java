package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import picocli.CommandLine.Mixin;

/** How the commands that judge certificates judge: by which rules ({@code --rules}), as of when and how close to expiry ({@link TimeOptions}). */
final class JudgingOptions {
    @Mixin
    RuleOptions rules = new RuleOptions();

    @Mixin
    TimeOptions time = new TimeOptions();

    RuleEngine engine() {
        return rules.engine();
    }

    /** @see TimeOptions#settings */
    RunSettings settings(PrincipalMap principalMap) {
        return time.settings(principalMap);
    }
}
