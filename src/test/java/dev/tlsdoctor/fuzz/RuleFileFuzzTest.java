package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.certs.CertFilesLoader;
import dev.tlsdoctor.certs.Purpose;
import dev.tlsdoctor.certs.UnreadableFile;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.report.TextReport;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RuleFileException;
import dev.tlsdoctor.rules.checks.AllChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's rule override file ({@code --rules DIR}): {@link RuleCatalog} reads it over the shipped rules
 * (Jackson's YAML parser, field and parameter checks, error patterns compiled), then the overridden rules
 * judge a fixed set of evidence and the report shows their titles and fixes. A file that cannot be used
 * is the one documented refusal: a one-line {@link RuleFileException} naming it.
 */
class RuleFileFuzzTest {
    private static final List<Evidence> EVIDENCE = sampleEvidence();

    @FuzzTest
    void overrideFile(byte[] data) {
        Path dir = FuzzFixtures.scratchFile("rules/override.yaml", data).getParent();
        try {
            RuleEngine engine = new RuleEngine(RuleCatalog.load(List.of(dir)), AllChecks.ALL);
            new TextReport(false).render(Report.of(engine.run(EVIDENCE, FuzzFixtures.SETTINGS), List.of()));
        } catch (RuleFileException refused) {
            FuzzContract.oneLine("the refusal", refused.getMessage());
        }
    }

    /** A certificate no trusted CA issued, for a host it does not name, and an unreadable file: findings of several rules. */
    private static List<Evidence> sampleEvidence() {
        Path node = FuzzFixtures.scratchFile("sample/node.crt", FuzzFixtures.pkiPem("node.crt"));
        try {
            List<Evidence> evidence = new ArrayList<>(new CertFilesLoader(List.of(node), null, List.of(), List.of("db.example.com"), Purpose.SERVER, FuzzFixtures.AT).load());
            evidence.add(new UnreadableFile(node.resolveSibling("client.root.key"), "empty file"));
            return evidence;
        } catch (dev.tlsdoctor.certs.BadFileException e) {
            throw new IllegalStateException(e);
        }
    }
}
