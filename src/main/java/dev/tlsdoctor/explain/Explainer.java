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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
    private static final Pattern UNFILLED = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Pattern ALONE_UNFILLED = Pattern.compile("\\s*\\{[A-Za-z][A-Za-z0-9]*}\\s*");

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
     * @param sidesChecked the sides whose certificates the checks looked at ({@link Side#ofSubject})
     * @param checked what was checked, for the output
     */
    public Explanation explain(List<Recognised> messages, List<Finding> findings, Set<String> judged, Set<Side> sidesChecked, List<String> checked) {
        Map<String, Match> best = new LinkedHashMap<>();
        for (Recognised message : messages) {
            // only the certificates of the side the message is about can be its cause
            List<Finding> candidates = findings.stream().filter(f -> message.side().concerns(f.subject())).toList();
            Set<String> looked = message.side() == Side.EITHER || sidesChecked.contains(message.side()) ? judged : Set.of();
            Map<String, Double> weights = new LinkedHashMap<>();
            // Once a check has confirmed a cause, the candidates no check could look at explain less than it does.
            boolean anyConfirmed = message.candidates().values().stream()
                    .anyMatch(c -> verdict(c.rule(), candidates, looked) == Verdict.CONFIRMED);
            for (Recognised.Candidate c : message.candidates().values()) {
                weights.put(c.rule(), c.score() * switch (verdict(c.rule(), candidates, looked)) {
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
                    best.put(c.rule(), match(c, confidence, message.message(), alternatives, candidates, looked));
                }
            }
        }
        List<Match> matches = new ArrayList<>(best.values());
        matches.sort(Comparator.comparingDouble(Match::confidence).reversed());
        // a finding that confirms no match (another side's certificate) is still a problem worth showing
        Set<Finding> explained = matches.stream().flatMap(m -> m.findings().stream()).collect(Collectors.toSet());
        List<Finding> others = findings.stream().filter(f -> !explained.contains(f) && f.severity() != Severity.INFO).toList();
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

    /**
     * The fix template with the paste's values, then the placeholders. A line that is nothing but an
     * unfilled value (a computed {@code {change}}) is left out; inside a sentence an unfilled value reads
     * as {@code <its name>}, so no sentence loses its start.
     */
    private String fill(String template, Map<String, String> captured) {
        Map<String, String> vars = new LinkedHashMap<>(placeholders);
        vars.putAll(captured);
        // what the paste says about where it connected, in whichever form a fix asks for
        String endpoint = captured.get("endpoint");
        if (endpoint == null && captured.containsKey("host") && captured.containsKey("port")) {
            vars.put("endpoint", captured.get("host") + ":" + captured.get("port"));
        } else if (endpoint != null && endpoint.lastIndexOf(':') > 0 && !captured.containsKey("host")) {
            vars.put("host", endpoint.substring(0, endpoint.lastIndexOf(':')).replaceAll("^\\[|]$", ""));
            vars.put("port", endpoint.substring(endpoint.lastIndexOf(':') + 1));
        }
        String filled = RuleContext.fill(template, vars);
        List<String> lines = filled.lines().filter(line -> !ALONE_UNFILLED.matcher(line).matches()).toList();
        return UNFILLED.matcher(String.join("\n", lines)).replaceAll(m -> "<" + words(m.group(1)) + ">").strip();
    }

    /** {@code recheckCommand} as {@code recheck-command}. */
    private static String words(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
