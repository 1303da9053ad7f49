package dev.tlsdoctor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleSpec;
import dev.tlsdoctor.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard of issue 14: every rule a client can show through an error message has, for every client family,
 * a real message with its source in real-errors.yaml (or a stated reason why that family never shows it), and
 * explain ranks that rule first for each of them.
 */
class ExplainRealErrorsTest {
    record Message(String client, String rule, String source, String message) {
        @Override
        public String toString() {
            return client + " -> " + rule + ": " + (message.length() > 90 ? message.substring(0, 90) + "…" : message);
        }
    }

    record Unobservable(String why, List<String> rules, List<String> families) {}

    record RealErrors(List<String> families, @JsonProperty("same-text") Map<String, String> sameText,
            List<Unobservable> unobservable, List<Message> messages) {}

    static final RealErrors DATA = load();

    private static RealErrors load() {
        try (InputStream in = ExplainRealErrorsTest.class.getResourceAsStream("real-errors.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readValue(in, RealErrors.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Message> messages() {
        return DATA.messages().stream();
    }

    @ParameterizedTest
    @MethodSource("messages")
    void explainRanksTheRuleBehindTheMessageFirst(Message m) {
        Cli.Result r = Cli.run("explain", "--format", "json", m.message());
        assertEquals(0, r.exitCode(), m + " (" + m.source() + ") is not recognised:\n" + r.all());
        JsonNode matches = r.json().get("matches");
        assertEquals(m.rule(), matches.get(0).get("rule").asText(), m + " (" + m.source() + "):\n" + r.out());
    }

    @Test
    void everyRuleAClientCanShowHasARealMessageFromEveryFamily() {
        RuleCatalog catalog = RuleCatalog.load(List.of());
        List<String> missing = new ArrayList<>();
        for (RuleSpec rule : catalog.all()) {
            if (rule.errorPatterns() == null || rule.errorPatterns().isEmpty()) {
                continue;
            }
            for (String family : DATA.families()) {
                String shows = DATA.sameText().getOrDefault(family, family);
                boolean hasMessage = DATA.messages().stream().anyMatch(m -> m.client().equals(shows) && m.rule().equals(rule.id()));
                boolean explained = DATA.unobservable().stream().anyMatch(u -> u.rules().contains(rule.id()) && u.families().contains(family));
                if (!hasMessage && !explained) {
                    missing.add(rule.id() + " / " + family);
                }
                assertTrue(!(hasMessage && explained), rule.id() + " / " + family + " has a message and is declared unobservable");
            }
        }
        assertEquals(List.of(), missing, "no real message and no reason why the family cannot show it");
    }

    @Test
    void dataNamesOnlyKnownRulesAndFamilies() {
        Set<String> rules = RuleCatalog.load(List.of()).all().stream().map(RuleSpec::id).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        DATA.messages().forEach(m -> {
            if (!rules.contains(m.rule())) unknown.add(m.rule());
            if (!DATA.families().contains(m.client())) unknown.add(m.client());
            assertTrue(!m.source().isBlank(), m + " has no source");
        });
        DATA.unobservable().forEach(u -> {
            u.rules().stream().filter(r -> !rules.contains(r)).forEach(unknown::add);
            u.families().stream().filter(f -> !DATA.families().contains(f)).forEach(unknown::add);
        });
        assertEquals(Set.of(), unknown);
    }
}
