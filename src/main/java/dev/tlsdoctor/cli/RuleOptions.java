package dev.tlsdoctor.cli;

import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.checks.AllChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --rules}: the rule override files, and the engine they make. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "DIR",
            description = "Directory of rule override files (YAML with an id and the fields to change). Repeatable; applied after ~/.config/tls-doctor/rules.")
    List<Path> ruleDirs = new ArrayList<>();

    /** Every check with the shipped rules and the user's overrides. */
    RuleEngine engine() {
        return new RuleEngine(RuleCatalog.load(overrideDirs()), AllChecks.ALL);
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
        return dirs;
    }
}
