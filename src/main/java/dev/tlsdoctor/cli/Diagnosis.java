package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.CertSummary;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import java.util.List;

/** Evidence in, report out: runs every check, builds the report. */
final class Diagnosis {
    private Diagnosis() {}

    static Report run(RuleEngine engine, List<Object> evidence, RunSettings settings) {
        return Report.of(engine.run(evidence, settings), CertSummary.inventory(evidence, settings.at()));
    }
}
