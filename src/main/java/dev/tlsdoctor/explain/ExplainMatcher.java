package dev.tlsdoctor.explain;

import dev.tlsdoctor.rules.ErrorPatterns;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleSpec;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the messages in a {@link PastedError} that rules recognise through their {@code error-patterns},
 * and which rules fit each message how well.
 *
 * <p>Hits close together (at most {@value #GAP} characters apart, as in
 * {@code certificate verify failed: unable to get local issuer certificate}) are one message. Within a
 * message each rule scores the characters its patterns cover, a character shared by k rules counting
 * 1/k. A rule that covers nothing of its own while another rule does (a generic "certificate verify
 * failed" beside a specific "unable to get local issuer certificate") is explained away: ten times less
 * likely. A rule's score is then weighted by how often its cause is behind messages that do not name
 * one ({@link #COMMON}): a bare "certificate verify failed" is most often a CA the client does not trust.
 * A rule's share of its message's score is its confidence.
 */
public final class ExplainMatcher {
    static final int GAP = 3;
    private static final double EXPLAINED_AWAY = 0.1;
    /**
     * Causes more common than the others behind the same words (a weight of 1 when not listed): a CA the
     * peer does not trust (a private CA missing from the client's root file, a re-created CA), then an
     * expired certificate; a certificate from the future, a wrong key usage or a weak hash are rarer.
     */
    private static final Map<String, Double> COMMON = Map.of("unknown-authority", 4.0, "expired", 2.0);
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private record RulePattern(String rule, Pattern pattern, List<String> groups) {}

    private record Hit(String rule, int start, int end, Map<String, String> vars) {}

    private final List<RulePattern> patterns = new ArrayList<>();

    public ExplainMatcher(RuleCatalog catalog) {
        for (RuleSpec rule : catalog.all()) {
            if (!rule.isEnabled() || rule.errorPatterns() == null) {
                continue;
            }
            for (String regex : rule.errorPatterns()) {
                List<String> groups = new ArrayList<>();
                Matcher names = GROUP_NAME.matcher(regex);
                while (names.find()) {
                    groups.add(names.group(1));
                }
                patterns.add(new RulePattern(rule.id(), ErrorPatterns.compile(regex), groups));
            }
        }
    }

    /**
     * Every recognised message, in the order found; empty when no rule recognises anything. A message
     * the second view finds longer than the first view did (a host name broken by a line wrap) replaces it;
     * messages of one view never replace each other (a CLI's header and the error under it).
     */
    public List<Recognised> match(PastedError error) {
        List<Recognised> out = new ArrayList<>();
        for (String view : error.views()) {
            List<Recognised> earlierViews = List.copyOf(out);
            for (Recognised found : messages(view)) {
                List<Recognised> same = earlierViews.stream().filter(out::contains)
                        .filter(m -> m.candidates().keySet().stream().anyMatch(found.candidates()::containsKey)).toList();
                if (same.stream().allMatch(m -> m.message().length() < found.message().length())) {
                    // in the place of the message it replaces: the order found is the order ties are ranked in
                    int at = same.isEmpty() ? out.size() : out.indexOf(same.get(0));
                    out.removeAll(same);
                    out.add(at, found);
                }
            }
        }
        return out;
    }

    private List<Recognised> messages(String view) {
        List<Hit> hits = new ArrayList<>();
        for (RulePattern p : patterns) {
            Matcher m = p.pattern().matcher(view);
            while (m.find()) {
                if (m.end() == m.start()) {
                    continue;
                }
                Map<String, String> vars = new LinkedHashMap<>();
                for (String group : p.groups()) {
                    if (m.group(group) != null) {
                        vars.put(group, m.group(group));
                    }
                }
                hits.add(new Hit(p.rule(), m.start(), m.end(), vars));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::start).thenComparingInt(h -> -h.end()));
        List<Recognised> out = new ArrayList<>();
        List<Hit> message = new ArrayList<>();
        int messageEnd = -1;
        for (Hit hit : hits) {
            if (!message.isEmpty() && hit.start() > messageEnd + GAP) {
                out.add(recognise(view, message));
                message = new ArrayList<>();
            }
            message.add(hit);
            messageEnd = message.size() == 1 ? hit.end() : Math.max(messageEnd, hit.end());
        }
        if (!message.isEmpty()) {
            out.add(recognise(view, message));
        }
        return out;
    }

    private static Recognised recognise(String view, List<Hit> message) {
        int start = message.stream().mapToInt(Hit::start).min().orElseThrow();
        int end = message.stream().mapToInt(Hit::end).max().orElseThrow();
        Side side = Side.of(view, start, view.substring(start, end));
        List<Hit> fitting = message.stream().filter(h -> side.fits(h.rule())).toList();
        List<Hit> hits = fitting.isEmpty() ? message : fitting;
        Map<String, BitSet> coverage = new LinkedHashMap<>();
        Map<String, Map<String, String>> vars = new LinkedHashMap<>();
        for (Hit hit : hits) {
            coverage.computeIfAbsent(hit.rule(), r -> new BitSet()).set(hit.start() - start, hit.end() - start);
            Map<String, String> ruleVars = vars.computeIfAbsent(hit.rule(), r -> new LinkedHashMap<>());
            hit.vars().forEach(ruleVars::putIfAbsent);
        }
        int[] sharing = new int[end - start];
        coverage.values().forEach(bits -> bits.stream().forEach(i -> sharing[i]++));
        Map<String, Boolean> unique = new LinkedHashMap<>();
        coverage.forEach((rule, bits) -> unique.put(rule, bits.stream().anyMatch(i -> sharing[i] == 1)));
        boolean anyUnique = unique.containsValue(true);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Map.Entry<String, BitSet> rule : coverage.entrySet()) {
            double score = rule.getValue().stream().mapToDouble(i -> 1.0 / sharing[i]).sum();
            scores.put(rule.getKey(), score * (anyUnique && !unique.get(rule.getKey()) ? EXPLAINED_AWAY : 1.0) * COMMON.getOrDefault(rule.getKey(), 1.0));
        }
        Map<String, Recognised.Candidate> candidates = new LinkedHashMap<>();
        for (String rule : scores.keySet()) {
            candidates.put(rule, new Recognised.Candidate(rule, scores.get(rule), vars.get(rule)));
        }
        return new Recognised(view.substring(start, end), candidates, side);
    }
}
