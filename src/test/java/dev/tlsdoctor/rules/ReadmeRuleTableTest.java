package dev.tlsdoctor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's rule table is what rules/ holds: every rule once, with its default severity and title. */
class ReadmeRuleTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\| (\\w+) \\| (.+) \\|$");

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
