package dev.tlsdoctor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.rules.checks.AllChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine refuses a rule without a check and a check without a rule, naming the rule file; templates fill as documented. */
class RuleEngineTest {
    private static final RuleCatalog CATALOG = RuleCatalog.load(List.of());

    @Test
    void everyShippedRuleHasACheckAndViceVersa() {
        new RuleEngine(CATALOG, AllChecks.ALL);
    }

    @Test
    void ruleWithoutACheck() {
        List<Check<?>> checks = new ArrayList<>(AllChecks.ALL);
        checks.removeIf(c -> c.ruleId().equals("weak-key"));
        RuleFileException e = assertThrows(RuleFileException.class, () -> new RuleEngine(CATALOG, checks));
        assertEquals("rules/weak-key.yaml: no check implements rule 'weak-key'", e.getMessage());
    }

    @Test
    void checkWithoutARule() {
        List<Check<?>> checks = new ArrayList<>(AllChecks.ALL);
        checks.add(new Orphan());
        RuleFileException e = assertThrows(RuleFileException.class, () -> new RuleEngine(CATALOG, checks));
        assertEquals("rules/no-such-rule.yaml: missing, but Orphan implements rule 'no-such-rule'", e.getMessage());
    }

    @Test
    void checkRegisteredTwice() {
        List<Check<?>> checks = new ArrayList<>(AllChecks.ALL);
        checks.add(AllChecks.ALL.get(0));
        RuleFileException e = assertThrows(RuleFileException.class, () -> new RuleEngine(CATALOG, checks));
        assertEquals("rules/" + AllChecks.ALL.get(0).ruleId() + ".yaml: implemented twice (" + AllChecks.ALL.get(0).getClass().getSimpleName() + ")",
                e.getMessage());
    }

    @Test
    void fixTemplatesKeepUnknownPlaceholdersAndQuoteNothing() {
        assertEquals("chmod 600 /a/$1/node.key {other}", RuleContext.fill("chmod {mode} {keyFile} {other}\n", Map.of("mode", "600", "keyFile", "/a/$1/node.key")));
    }

    @Test
    void engineDispatchesByEvidenceType() {
        RuleEngine engine = new RuleEngine(CATALOG, AllChecks.ALL);
        List<Finding> findings = engine.run(List.of(new dev.tlsdoctor.certs.UnreadableFile(java.nio.file.Path.of("x.crt"), "empty file"), new NoCheckJudgesThis()),
                RunSettings.defaults());
        assertEquals(List.of("unreadable-file"), findings.stream().map(Finding::rule).toList());
    }

    @Test
    void aLargeEvidenceListIsJudgedInParallelButReportedInEvidenceOrder() {
        RuleEngine engine = new RuleEngine(CATALOG, AllChecks.ALL);
        List<Evidence> evidence = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            evidence.add(new dev.tlsdoctor.certs.UnreadableFile(java.nio.file.Path.of("f" + i + ".crt"), "empty file"));
        }
        List<String> subjects = engine.run(evidence, RunSettings.defaults()).stream().map(Finding::subject).toList();
        assertEquals(evidence.stream().map(e -> ((dev.tlsdoctor.certs.UnreadableFile) e).file().toString()).toList(), subjects);
    }

    /** Evidence of a kind no check judges. */
    private record NoCheckJudgesThis() implements Evidence {}

    private static final class Orphan extends Check<NoCheckJudgesThis> {
        Orphan() {
            super("no-such-rule", NoCheckJudgesThis.class);
        }

        @Override
        public void check(NoCheckJudgesThis evidence, RuleContext out) {
        }
    }
}
