package dev.tlsdoctor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README is for users: short, the set-up first, and its rule table is what rules/ holds. */
class ReadmeTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\| (\\w+) \\| (.+) \\|$");

    @Test
    void readmeIsShortAndStartsWithTheSetUpCommands() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        assertTrue(lines.size() < 200, "README.md has " + lines.size() + " lines; internals go to docs/");
        assertEquals(List.of("# tls-doctor", "", "```sh"), lines.subList(0, 3));
        assertTrue(lines.get(3).startsWith("./tls-doctor check --certs-dir samples/"), lines.get(3)); // the main job, on a shipped sample
        assertTrue(lines.get(4).startsWith("mvn -B verify "), lines.get(4)); // what .ci/run runs
    }

    @Test
    void readmeListsEveryRuleAsItsFileSays() throws IOException {
        Map<String, String> inRules = new TreeMap<>();
        for (RuleSpec rule : RuleCatalog.load(List.of()).all()) {
            inRules.put(rule.id(), rule.severity().label() + " | " + rule.title());
        }
        Map<String, String> inReadme = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (row.matches() && inReadme.put(row.group(1), row.group(2) + " | " + row.group(3)) != null) {
                throw new AssertionError("README.md lists rule " + row.group(1) + " twice");
            }
        }
        assertEquals(inRules, inReadme, "README.md's rule table (| `id` | severity | title |) differs from rules/*.yaml");
    }
}
