package dev.tlsdoctor.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;

/**
 * Every rule's text: the YAML files shipped under {@code rules/} (inside the jar, as the build's
 * {@link RuleIndex}), then the user's override files on top. Any problem with a file is a {@link RuleFileException} naming it.
 */
public final class RuleCatalog {
    private static final String BUNDLED_DIR = "rules/";
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonFactory JSON = new JsonFactory();
    private static final String FIELDS = "id, severity, enabled, title, explanation, fix, references, parameters, error-patterns";

    private final Map<String, RuleSpec> rules;
    /** Severities set in override files: they win over a severity a check picks for a case. */
    private final Map<String, Severity> userSeverities;

    private RuleCatalog(Map<String, RuleSpec> rules, Map<String, Severity> userSeverities) {
        this.rules = rules;
        this.userSeverities = userSeverities;
    }

    /** The shipped rules with the overrides in {@code overrideDirs} applied, in order (later wins). */
    public static RuleCatalog load(List<Path> overrideDirs) {
        Map<String, RuleSpec> rules = new LinkedHashMap<>(bundledOnce());
        Map<String, Severity> userSeverities = new LinkedHashMap<>();
        for (Path dir : overrideDirs) {
            applyOverrides(rules, userSeverities, dir);
        }
        return new RuleCatalog(rules, userSeverities);
    }

    public RuleSpec get(String id) {
        return rules.get(id);
    }

    /** The severity an override file set for this rule, or null. */
    public Severity userSeverity(String id) {
        return userSeverities.get(id);
    }

    public Collection<RuleSpec> all() {
        return rules.values();
    }

    private static void applyOverrides(Map<String, RuleSpec> rules, Map<String, Severity> userSeverities, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleFileException(dir + ": not a directory of rule files");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new RuleFileException(dir + ": cannot list rule files: " + e.getMessage());
        }
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path file : files) {
            RuleSpec override;
            try (InputStream in = Files.newInputStream(file)) {
                override = parse(file.toString(), in, true);
            } catch (IOException e) {
                throw new RuleFileException(file + ": cannot read: " + e.getMessage());
            }
            if (override.id() == null) {
                throw new RuleFileException(file + ": missing 'id' (the rule to change)");
            }
            RuleSpec base = rules.get(override.id());
            if (base == null) {
                throw new RuleFileException(file + ": no rule has id '" + override.id() + "' (see 'tls-doctor rules')");
            }
            checkParameters(file, base, override);
            Path earlier = seen.put(override.id(), file);
            if (earlier != null) {
                throw new RuleFileException(file + ": duplicate id '" + override.id() + "', already set in " + earlier);
            }
            rules.put(override.id(), base.overriddenBy(override));
            if (override.severity() != null) {
                userSeverities.put(override.id(), override.severity());
            }
        }
    }

    /** An override may only set parameters the rule has, with a value of the same kind (a threshold stays a number). */
    private static void checkParameters(Path file, RuleSpec base, RuleSpec override) {
        if (override.parameters() == null) {
            return;
        }
        Map<String, Object> known = base.parameters() == null ? Map.of() : base.parameters();
        for (Map.Entry<String, Object> p : override.parameters().entrySet()) {
            Object shipped = known.get(p.getKey());
            if (shipped == null) {
                throw new RuleFileException(file + ": rule '" + base.id() + "' has no parameter '" + p.getKey() + "'"
                        + (known.isEmpty() ? "" : " (known: " + known.keySet() + ")"));
            }
            if (shipped instanceof Number && !(p.getValue() instanceof Number)) {
                throw new RuleFileException(file + ": parameter '" + p.getKey() + "' must be a number, not '" + p.getValue() + "'");
            }
        }
    }

    /** The shipped rules, read once per JVM: the shell runs many commands (override files are re-read by each). */
    private static final FutureTask<Map<String, RuleSpec>> BUNDLED = new FutureTask<>(RuleCatalog::bundled);

    /**
     * Starts reading the shipped rules on a thread of their own, so that it overlaps the command line's
     * parsing and the evidence gathering (a one-shot check spends ≈ 20 ms of its start-up here).
     */
    public static void preload() {
        Thread reader = new Thread(BUNDLED, "rules-preload");
        reader.setDaemon(true);
        reader.start();
    }

    private static Map<String, RuleSpec> bundledOnce() {
        BUNDLED.run(); // reads them here unless preload() has (or is)
        try {
            return BUNDLED.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the shipped rules", e);
        }
    }

    /** The shipped rules, from the build's {@link RuleIndex} of the {@code rules/*.yaml} files. */
    private static Map<String, RuleSpec> bundled() {
        Map<String, RuleSpec> rules = new LinkedHashMap<>();
        InputStream in = RuleCatalog.class.getClassLoader().getResourceAsStream(RuleIndex.RESOURCE);
        if (in == null) {
            throw new RuleFileException(RuleIndex.RESOURCE + ": not found in the build (mvn package writes it)");
        }
        try (in; JsonParser p = JSON.createParser(in)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                RuleSpec spec = rule(name, p, false);
                requireComplete(name, spec);
                String expected = name.substring(BUNDLED_DIR.length(), name.length() - ".yaml".length());
                if (!expected.equals(spec.id())) {
                    throw new RuleFileException(name + ": id '" + spec.id() + "' does not match the file name (expected '" + expected + "')");
                }
                rules.put(spec.id(), spec);
            }
        } catch (IOException e) {
            throw new RuleFileException(RuleIndex.RESOURCE + ": cannot read: " + e.getMessage());
        }
        return Collections.unmodifiableMap(rules);
    }

    /**
     * Reads one rule file with Jackson's streaming YAML parser: databind's reflection would cost more
     * start-up time than all the checks together, and monitoring runs this every minute.
     *
     * @param compilePatterns whether to compile the error patterns now: yes for the user's files, where a bad
     *     one must be an error naming the file; the shipped ones are compiled by the tests and, when used, by explain
     */
    private static RuleSpec parse(String name, InputStream in, boolean compilePatterns) {
        if (in == null) {
            throw new RuleFileException(name + ": not found");
        }
        try (in; JsonParser p = YAML.createParser(in)) {
            p.nextToken();
            return rule(name, p, compilePatterns);
        } catch (JsonProcessingException e) {
            throw new RuleFileException(name + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new RuleFileException(name + ": cannot read: " + e.getMessage());
        }
    }

    /** One rule, from a parser (YAML or the JSON index) positioned at its mapping. */
    private static RuleSpec rule(String name, JsonParser p, boolean compilePatterns) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new RuleFileException(name + ": empty rule file, or not a YAML mapping");
        }
        String id = null, title = null, explanation = null, fix = null;
        Severity severity = null;
        Boolean enabled = null;
        List<String> references = null, errorPatterns = null;
        Map<String, Object> parameters = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = text(name, p);
                case "severity" -> severity = severity(name, text(name, p));
                case "enabled" -> enabled = bool(name, p);
                case "title" -> title = text(name, p);
                case "explanation" -> explanation = text(name, p);
                case "fix" -> fix = text(name, p);
                case "references" -> references = texts(name, p);
                case "error-patterns" -> errorPatterns = compilePatterns ? patterns(name, p) : texts(name, p);
                case "parameters" -> parameters = scalars(name, p);
                default -> throw new RuleFileException(name + ": unknown field '" + field + "' (known: " + FIELDS + ")");
            }
        }
        return new RuleSpec(id, severity, enabled, title, explanation, fix, references, parameters, errorPatterns);
    }

    private static String text(String name, JsonParser p) throws IOException {
        if (!p.currentToken().isScalarValue() || p.currentToken() == JsonToken.VALUE_NULL) {
            throw new RuleFileException(name + ": '" + p.currentName() + "' must be text");
        }
        return p.getText();
    }

    private static Boolean bool(String name, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_TRUE && p.currentToken() != JsonToken.VALUE_FALSE) {
            throw new RuleFileException(name + ": '" + p.currentName() + "' must be true or false");
        }
        return p.getBooleanValue();
    }

    private static Severity severity(String name, String text) {
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(name + ": " + e.getMessage());
        }
    }

    private static List<String> texts(String name, JsonParser p) throws IOException {
        String field = p.currentName();
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new RuleFileException(name + ": '" + field + "' must be a list of text");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (!p.currentToken().isScalarValue()) {
                throw new RuleFileException(name + ": '" + field + "' must be a list of text");
            }
            out.add(p.getText());
        }
        return out;
    }

    /** The error patterns, each compiled here so a bad one is an error naming the file, not a surprise in explain. */
    private static List<String> patterns(String name, JsonParser p) throws IOException {
        List<String> patterns = texts(name, p);
        for (String regex : patterns) {
            try {
                ErrorPatterns.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new RuleFileException(name + ": error-patterns: '" + regex + "' is not a valid regular expression: "
                        + e.getDescription() + " at index " + e.getIndex());
            }
        }
        return patterns;
    }

    private static Map<String, Object> scalars(String name, JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new RuleFileException(name + ": 'parameters' must be a mapping of names to values");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            out.put(key, switch (value) {
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
                case VALUE_STRING -> p.getText();
                default -> throw new RuleFileException(name + ": parameter '" + key + "' must be a number, text or true/false");
            });
        }
        return out;
    }

    private static void requireComplete(String name, RuleSpec spec) {
        List<String> missing = new ArrayList<>();
        if (spec.id() == null) missing.add("id");
        if (spec.severity() == null) missing.add("severity");
        if (spec.title() == null) missing.add("title");
        if (spec.explanation() == null) missing.add("explanation");
        if (spec.fix() == null) missing.add("fix");
        if (!missing.isEmpty()) {
            throw new RuleFileException(name + ": missing required field(s) " + String.join(", ", missing));
        }
    }
}
