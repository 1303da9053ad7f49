package dev.tlsdoctor.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build step (Maven's process-classes phase): copies every {@code rules/*.yaml} into one JSON object,
 * file name to rule, that the jar carries as {@code rules/index.json}. Reading that one JSON file costs a
 * run a small fraction of what scanning fifty YAML files does, and monitoring runs tls-doctor every minute.
 * The YAML files stay the source (and the format of user overrides); nothing is validated here, so a bad
 * file is still reported, naming it, by {@link RuleCatalog}.
 */
public final class RuleIndex {
    static final String RESOURCE = "rules/index.json";

    private RuleIndex() {}

    /** {@code RuleIndex <rules dir> <output file>}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        Files.createDirectories(out.getParent());
        YAMLFactory yaml = new YAMLFactory();
        try (JsonGenerator json = new JsonFactory().createGenerator(Files.newBufferedWriter(out))) {
            json.writeStartObject();
            for (Path file : files) {
                json.writeFieldName("rules/" + file.getFileName());
                try (JsonParser p = yaml.createParser(file.toFile())) {
                    if (p.nextToken() == null) {
                        json.writeNull(); // an empty file: RuleCatalog says so, naming it
                    } else {
                        json.copyCurrentStructure(p);
                    }
                }
            }
            json.writeEndObject();
        }
    }
}
