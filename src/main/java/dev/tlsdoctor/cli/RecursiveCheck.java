package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertCorpus;
import dev.tlsdoctor.certs.TrustPool;
import dev.tlsdoctor.report.CorpusTally;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;

/**
 * {@code check --recursive DIR}: every file under DIR through the rules, one file at a time, counted
 * as it goes (evidence, findings and counts flow one way, and nothing of a file is kept once counted
 * but its first findings).
 */
final class RecursiveCheck {
    private RecursiveCheck() {}

    /** Prints the report in {@code format} (text or json) and returns the exit code. */
    static int run(CertCorpus corpus, RuleEngine engine, RunSettings settings, OutputFormat format, java.io.PrintWriter out) {
        Diagnosis diagnosis = new Diagnosis(engine, settings);
        CorpusTally tally = new CorpusTally();
        TrustPool trust;
        try {
            trust = corpus.check(outcome -> {
                if (outcome instanceof CertCorpus.Checked checked) {
                    // the rules run before the file is counted: a check that fails on it leaves it uncounted, for the corpus to report as an internal error
                    tally.checked(checked.certificates(), diagnosis.findings(checked.evidence()));
                } else if (outcome instanceof CertCorpus.Failed failed) {
                    tally.failed(failed.problem().file().toString(), failed.problem().kind().label(), failed.problem().reason());
                } else {
                    tally.keyFile();
                }
            });
        } catch (BadFileException e) {
            throw new UserError(e.getMessage());
        }
        Diagnosed run = diagnosis.corpus(tally.report(corpus.root().toString(), trust.name()));
        out.print(format.render(run, Terminal.wantsColor()));
        return run.exitCode();
    }
}
