package dev.tlsdoctor.rules;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.concurrent.ParallelMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Runs every enabled rule's check over the evidence gathered, in evidence order, and collects the findings. */
public final class RuleEngine {
    private final RuleCatalog catalog;
    private final List<Check<?>> checks;

    /** Refuses a check without a rule file or a rule file without a check, naming it. */
    public RuleEngine(RuleCatalog catalog, List<Check<?>> checks) {
        Set<String> implemented = new HashSet<>();
        for (Check<?> check : checks) {
            if (catalog.get(check.ruleId()) == null) {
                throw new RuleFileException("rules/" + check.ruleId() + ".yaml: missing, but " + check.getClass().getSimpleName() + " implements rule '" + check.ruleId() + "'");
            }
            if (!implemented.add(check.ruleId())) {
                throw new RuleFileException("rules/" + check.ruleId() + ".yaml: implemented twice (" + check.getClass().getSimpleName() + ")");
            }
        }
        for (RuleSpec spec : catalog.all()) {
            if (!implemented.contains(spec.id())) {
                throw new RuleFileException("rules/" + spec.id() + ".yaml: no check implements rule '" + spec.id() + "'");
            }
        }
        this.catalog = catalog;
        this.checks = checks;
    }

    public RuleCatalog catalog() {
        return catalog;
    }

    public List<Finding> run(Collection<? extends Evidence> evidence, RunSettings settings) {
        List<EnabledCheck> enabled = new ArrayList<>(checks.size()); // looked up once a run, not once per piece of evidence
        for (Check<?> check : checks) {
            RuleSpec spec = catalog.get(check.ruleId());
            if (spec.isEnabled()) {
                enabled.add(new EnabledCheck(check, spec, catalog.userSeverity(spec.id())));
            }
        }
        // checks are stateless and each piece of evidence is judged on its own: a large certs dir is judged in parallel; findings keep evidence order
        List<Finding> findings = new ArrayList<>();
        ParallelMap.map(List.copyOf(evidence), item -> findings(enabled, item, settings)).forEach(findings::addAll);
        return findings;
    }

    private record EnabledCheck(Check<?> check, RuleSpec spec, Severity userSeverity) {}

    private static List<Finding> findings(List<EnabledCheck> enabled, Evidence item, RunSettings settings) {
        List<Finding> findings = new ArrayList<>(0);
        for (EnabledCheck e : enabled) {
            if (e.check().evidenceType().isInstance(item)) {
                apply(e.check(), item, new RuleContext(e.spec(), e.userSeverity(), settings, findings));
            }
        }
        return findings;
    }

    private static <E extends Evidence> void apply(Check<E> check, Evidence item, RuleContext ctx) {
        check.check(check.evidenceType().cast(item), ctx);
    }
}
