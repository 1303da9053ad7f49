package dev.tlsdoctor.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleSpec;
import dev.tlsdoctor.testing.Cli;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** explain's fixes: whole sentences, every value filled, from whatever the paste and the options gave. */
class ExplainFixTextTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z][A-Za-z0-9]*}");
    private static final RuleCatalog CATALOG = RuleCatalog.load(List.of());

    /** What explain prints as a rule's fix when the paste gave no values and no check ran. */
    private static String fixWithoutValues(RuleSpec rule) {
        Recognised.Candidate candidate = new Recognised.Candidate(rule.id(), 1, Map.of());
        Recognised message = new Recognised("the message", Map.of(rule.id(), candidate), Side.EITHER);
        Explainer explainer = new Explainer(CATALOG, Map.of("certsDir", "<certs-dir>", "user", "<user>"));
        return explainer.explain(List.of(message), List.of(), Set.of(), Set.of(), List.of()).matches().get(0).fix();
    }

    @Test
    void everyFixKeepsEverySentenceOfItsRule() {
        for (RuleSpec rule : CATALOG.all()) {
            String fix = fixWithoutValues(rule);
            assertFalse(PLACEHOLDER.matcher(fix).find(), rule.id() + ": " + fix);
            for (String line : rule.fix().strip().split("\n")) {
                // a line that is only a value computed by a check (a {change}) has nothing to say without it
                for (String words : PLACEHOLDER.split(line)) {
                    assertTrue(fix.contains(words.strip()), rule.id() + ": lost \"" + words.strip() + "\" from:\n" + fix);
                }
            }
        }
    }

    @Test
    void unreachableFixStartsAtItsFirstSentenceWithTheDialledEndpoint() throws Exception {
        Cli.Result go = Cli.run("explain", "--format", "json",
                "failed to connect to `user=root database=defaultdb`: 10.0.0.5:26257 (db): dial error: dial tcp 10.0.0.5:26257: connect: connection refused");
        String fix = go.json().get("matches").get(0).get("fix").asText();
        assertTrue(fix.startsWith("Check that the node runs and listens where you dialled (10.0.0.5:26257): on the host,"), fix);
        assertTrue(fix.contains("'ss -ltnp | grep 26257'"), fix);
        Cli.Result psql = Cli.run("explain", "psql: error: connection to server at \"db.example.com\" (10.0.0.5), port 26257 failed: Connection refused\n"
                + "\tIs the server running on that host and accepting TCP/IP connections?");
        assertTrue(psql.out().contains("fix: Check that the node runs and listens where you dialled (db.example.com:26257)"), psql.out());
        assertTrue(psql.out().contains("getent hosts db.example.com"), psql.out());
        assertEquals(0, psql.exitCode());
    }
}
