package dev.tlsdoctor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorPatternsTest {
    @Test
    void aBadRegexIsAOneLineErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("expired.yaml"), "id: expired\nerror-patterns:\n  - 'certificate (has expired'\n");
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--rules", dir.toString());
        assertEquals(3, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("tls-doctor: " + dir.resolve("expired.yaml") + ": error-patterns: 'certificate (has expired' is not a valid regular expression"), r.err());
    }

    @Test
    void shippedRulesWithMessagesHavePatterns() {
        RuleCatalog catalog = RuleCatalog.load(List.of());
        for (String id : List.of("unknown-authority", "expired", "not-yet-valid", "key-permissions", "key-mismatch", "key-encrypted", "key-usage",
                "san-missing-host", "san-missing", "client-cn", "node-cn", "missing-file", "unreadable-file", "sslmode", "password-auth",
                "connection-eof", "key-format")) {
            assertTrue(catalog.get(id).errorPatterns() != null && !catalog.get(id).errorPatterns().isEmpty(), id);
        }
    }

    @Test
    void everyShippedPatternCompiles() {
        // the shipped patterns are compiled only when explain runs (start-up time), so this is where a bad one is caught
        for (RuleSpec rule : RuleCatalog.load(List.of()).all()) {
            for (String regex : rule.errorPatterns() == null ? List.<String>of() : rule.errorPatterns()) {
                assertDoesNotThrow(() -> ErrorPatterns.compile(regex), rule.id() + ": " + regex);
            }
        }
    }

    @Test
    void userOverridesCanTeachExplainNewMessages(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("connection-eof.yaml"), "id: connection-eof\nerror-patterns:\n  - 'upstream connect error or disconnect/reset before headers'\n");
        Cli.Result r = Cli.run("explain", "--rules", dir.toString(), "envoy: upstream connect error or disconnect/reset before headers. reset reason: connection termination");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("1. connection-eof"), r.out());
    }
}
