package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.CertSummary;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.checks.AllChecks;
import java.nio.file.Path;
import java.util.List;

/** Evidence in, report out: loads the rules (with overrides), runs every check, builds the report. */
final class Diagnosis {
    private Diagnosis() {}

    static RuleEngine engine(List<Path> overrideDirs) {
        return new RuleEngine(RuleCatalog.load(overrideDirs), AllChecks.ALL);
    }

    static Report run(RuleEngine engine, List<Object> evidence, RunSettings settings) {
        return Report.of(engine.run(evidence, settings), CertSummary.inventory(evidence, settings.at()));
    }
}
