package dev.tlsdoctor.rules.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleSpec;
import dev.tlsdoctor.testing.RuleIds;
import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Doctor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The healthy directory raises no rule at all, checked rule by rule. The broken case of each rule is in
 * DirectoryRulesTest, KeyRulesTest, ValidityRulesTest, ChainRulesTest and NameRulesTest.
 */
class HealthyDirectoryTest {
    /** The stable rule ids: the JSON contract. */
        @TempDir
    static Path dir;

    private static List<Finding> findings;

    @BeforeAll
    static void checkHealthyDirectory() {
        CertsDirs.healthyNode(dir);
        findings = Doctor.dir(dir, Doctor.settings(), List.of("localhost", "node1.example.com", "127.0.0.1"), "root");
    }

    @Test
    void theCatalogHoldsExactlyTheStableRuleIds() {
        Set<String> ids = RuleCatalog.load(List.of()).all().stream().map(RuleSpec::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(RuleIds.ALL), ids);
    }

    @ParameterizedTest
    @MethodSource("ruleIds")
    void healthyDirectoryRaisesNo(String rule) {
        Doctor.none(findings, rule);
    }

    static List<String> ruleIds() {
        return RuleIds.ALL.stream().sorted().toList();
    }
}
