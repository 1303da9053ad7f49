package dev.tlsdoctor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads the JSON a command printed: its findings by rule, and any other member. */
public record Findings(JsonNode root) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Findings of(Cli.Result result) {
        try {
            return new Findings(JSON.readTree(result.out()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("not JSON: " + result.out() + result.err(), e);
        }
    }

    public List<JsonNode> rule(String id) {
        List<JsonNode> found = new ArrayList<>();
        root.path("findings").forEach(f -> {
            if (f.path("rule").asText().equals(id)) {
                found.add(f);
            }
        });
        return found;
    }

    /** The one finding of rule {@code id}; fails when there is none or several. */
    public JsonNode only(String id) {
        List<JsonNode> found = rule(id);
        if (found.size() != 1) {
            throw new AssertionError("expected one '" + id + "' finding, found " + found.size() + " in " + root.path("findings").toPrettyString());
        }
        return found.get(0);
    }

    public Set<String> ruleIds() {
        Set<String> ids = new TreeSet<>();
        root.path("findings").forEach(f -> ids.add(f.path("rule").asText()));
        return ids;
    }

    public String status() {
        return root.path("status").asText();
    }
}
