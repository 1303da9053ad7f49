package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A probe/connect/check run's JSON output, with the lookups tests need. */
record ProbeOutput(Cli.Result run, JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs the CLI with {@code --format json} added and parses what it printed. */
    static ProbeOutput of(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--format";
        all[args.length + 1] = "json";
        Cli.Result r = Cli.run(all);
        try {
            return new ProbeOutput(r, JSON.readTree(r.out()));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (exit " + r.exitCode() + ", stderr: " + r.err() + "):\n" + r.out(), e);
        }
    }

    List<String> rules() {
        List<String> rules = new ArrayList<>();
        json.path("findings").forEach(f -> rules.add(f.path("rule").asText()));
        return rules;
    }

    List<JsonNode> findings(String rule) {
        List<JsonNode> out = new ArrayList<>();
        json.path("findings").forEach(f -> {
            if (f.path("rule").asText().equals(rule)) {
                out.add(f);
            }
        });
        return out;
    }

    /** The one finding of {@code rule}; fails the test, showing the output, when there is none. */
    JsonNode finding(String rule) {
        List<JsonNode> found = findings(rule);
        assertFalse(found.isEmpty(), () -> "no " + rule + " finding (exit " + run.exitCode() + ") in:\n" + run.out() + run.err());
        return found.get(0);
    }

    void assertFires(String rule, String... messageParts) {
        JsonNode f = finding(rule);
        for (String part : messageParts) {
            assertTrue(f.path("message").asText().contains(part), () -> rule + " message lacks '" + part + "': " + f.path("message").asText());
        }
    }

    void assertSilent(String... rules) {
        for (String rule : rules) {
            assertTrue(findings(rule).isEmpty(), () -> rule + " fired unexpectedly:\n" + run.out());
        }
    }

    void assertExit(int code) {
        assertEquals(code, run.exitCode(), () -> "exit code; output:\n" + run.out() + run.err());
    }

    /** The {@code targets} entry for {@code mode}. */
    JsonNode target(String mode) {
        for (JsonNode t : json.path("targets")) {
            if (t.path("mode").asText().equals(mode)) {
                return t;
            }
        }
        throw new AssertionError("no target in mode " + mode + ":\n" + run.out());
    }
}
