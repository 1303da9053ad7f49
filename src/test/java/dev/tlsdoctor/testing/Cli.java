package dev.tlsdoctor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Runs the real command line in-process and captures what the user would see. */
public final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Result(int exitCode, String out, String err) {
        /** Standard output parsed as JSON (for {@code --format json}). */
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("output is not JSON:\n" + out + err, e);
            }
        }

        /** The {@code findings} of a JSON report that have this rule id. */
        public List<JsonNode> findings(String rule) {
            List<JsonNode> matching = new ArrayList<>();
            for (JsonNode f : json().path("findings")) {
                if (f.path("rule").asText().equals(rule)) {
                    matching.add(f);
                }
            }
            return matching;
        }

        /** The {@code findings} of a JSON report that have this rule id and concern {@code subject} (a path or an endpoint). */
        public List<JsonNode> findings(String rule, Object subject) {
            return findings(rule).stream().filter(f -> f.path("subject").asText().equals(subject.toString())).toList();
        }

        /** Everything the user saw, for failure messages and for what must never be printed. */
        public String all() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {}

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
