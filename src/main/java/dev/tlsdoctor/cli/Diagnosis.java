package dev.tlsdoctor.cli;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.report.CertSummary;
import dev.tlsdoctor.report.CorpusReport;
import dev.tlsdoctor.report.ProbeReport;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import java.util.List;

/**
 * Evidence in, report out, the same for every command: every enabled rule judges the evidence as the user
 * asked ({@link RunSettings}), and the findings and the inventory make the report that each output format renders.
 */
final class Diagnosis {
    private final RuleEngine engine;
    private final RunSettings settings;

    Diagnosis(RuleEngine engine, RunSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    /** Judges the evidence: the findings alone, for what makes no report of certificates (a pasted error, one file of a tree). */
    List<Finding> findings(List<? extends Evidence> evidence) {
        return engine.run(evidence, settings);
    }

    /** Judges the evidence; the certificates in it make the inventory. */
    Diagnosed certificates(List<Evidence> evidence) {
        return judge(evidence, evidence);
    }

    /** Judges the evidence; {@code inventoried} (which may be other evidence than judged) makes the inventory. */
    Diagnosed judge(List<? extends Evidence> evidence, List<? extends Evidence> inventoried) {
        Report report = Report.of(findings(evidence), CertSummary.inventory(inventoried, settings.at()));
        return new Diagnosed(report, engine.catalog(), settings);
    }

    /** The counts of a tree whose files were judged one by one ({@link #findings}). */
    Diagnosed corpus(CorpusReport counted) {
        return new Diagnosed(counted, engine.catalog(), settings);
    }

    /** Judges what endpoints served and accepted: the report has one entry per endpoint and mode, and the fleet summary. */
    Diagnosed endpoints(List<Evidence> evidence, List<ProbeResult> results) {
        ProbeReport report = ProbeReport.of(findings(evidence), evidence, results, settings.at());
        return new Diagnosed(report, engine.catalog(), settings);
    }
}
