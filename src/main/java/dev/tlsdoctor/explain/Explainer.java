package dev.tlsdoctor.explain;

import dev.tlsdoctor.explain.Explanation.Match;
import dev.tlsdoctor.explain.Explanation.Verdict;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.RuleSpec;
import dev.tlsdoctor.rules.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Ranks the rules behind the recognised messages, using what the checks found: a cause the checks
 * found gets {@value #CONFIRMED}x its weight, one they looked for and did not find {@value #NOT_FOUND}x;
 * shares are then recomputed within each message.
 */
public final class Explainer {
    static final double CONFIRMED = 10;
    static final double NOT_FOUND = 0.25;
    /**
     * The weight left to a candidate no check could look at once another was confirmed: a symptom rule
     * (client-cert-rejected for "bad certificate") matches the words best, but the confirmed cause is the answer.
     */
    static final double UNCHECKED_BESIDE_CONFIRMED = 0.02;
    private static final Pattern UNFILLED = Pattern.compile("\\{[A-Za-z][A-Za-z0-9]*}");

    private final RuleCatalog catalog;
    private final Map<String, String> placeholders;

    /**
     * @param placeholders what to put for fix-template values neither the paste nor a check gave
     *     (the user's --certs-dir, --host, --user, else generic words); lines still unfilled are dropped
     */
    public Explainer(RuleCatalog catalog, Map<String, String> placeholders) {
        this.catalog = catalog;
        this.placeholders = placeholders;
    }

    /**
     * @param findings what the checks found
     * @param judged the rules whose checks had evidence to look at
     * @param checked what was checked, for the output
     */
    public Explanation explain(List<Recognised> messages, List<Finding> findings, Set<String> judged, List<String> checked) {
        Map<String, Match> best = new LinkedHashMap<>();
        for (Recognised message : messages) {
            Map<String, Double> weights = new LinkedHashMap<>();
            // Once a check has confirmed a cause, the candidates no check could look at explain less than it does.
            boolean anyConfirmed = message.candidates().values().stream()
                    .anyMatch(c -> verdict(c.rule(), findings, judged) == Verdict.CONFIRMED);
            for (Recognised.Candidate c : message.candidates().values()) {
                weights.put(c.rule(), c.score() * switch (verdict(c.rule(), findings, judged)) {
                    case CONFIRMED -> CONFIRMED;
                    case NOT_FOUND -> NOT_FOUND;
                    case UNCHECKED -> anyConfirmed ? UNCHECKED_BESIDE_CONFIRMED : 1.0;
                });
            }
            double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
            for (Recognised.Candidate c : message.candidates().values()) {
                double confidence = Math.round(weights.get(c.rule()) / total * 100) / 100.0;
                Match current = best.get(c.rule());
                if (current == null || confidence > current.confidence()) {
                    List<String> alternatives = message.candidates().keySet().stream().filter(r -> !r.equals(c.rule())).toList();
                    best.put(c.rule(), match(c, confidence, message.message(), alternatives, findings, judged));
                }
            }
        }
        List<Match> matches = new ArrayList<>(best.values());
        matches.sort(Comparator.comparingDouble(Match::confidence).reversed());
        List<Finding> others = findings.stream()
                .filter(f -> !best.containsKey(f.rule()) && f.severity() != Severity.INFO).toList();
        return new Explanation(matches, others, checked);
    }

    private Match match(Recognised.Candidate c, double confidence, String message, List<String> alternatives, List<Finding> findings, Set<String> judged) {
        RuleSpec rule = catalog.get(c.rule());
        List<Finding> confirming = findings.stream().filter(f -> f.rule().equals(c.rule())).toList();
        String fix = confirming.isEmpty() ? fill(rule.fix(), c.vars())
                : String.join("\n", confirming.stream().map(Finding::fix).distinct().toList());
        return new Match(rule.id(), confidence, rule.explanation().strip().replaceAll("\\s*\n\\s*", " "), fix, rule.title(), rule.severity(),
                message, verdict(c.rule(), findings, judged), alternatives, confirming);
    }

    private static Verdict verdict(String rule, List<Finding> findings, Set<String> judged) {
        if (findings.stream().anyMatch(f -> f.rule().equals(rule))) {
            return Verdict.CONFIRMED;
        }
        return judged.contains(rule) ? Verdict.NOT_FOUND : Verdict.UNCHECKED;
    }

    /** The fix template with the paste's values, then the placeholders; lines that stay unfilled are left out. */
    private String fill(String template, Map<String, String> captured) {
        Map<String, String> vars = new LinkedHashMap<>(placeholders);
        vars.putAll(captured);
        String filled = RuleContext.fill(template, vars);
        return String.join("\n", filled.lines().filter(line -> !UNFILLED.matcher(line).find()).toList()).strip();
    }
}
