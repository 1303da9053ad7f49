package dev.tlsdoctor.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every rule's text: the YAML files shipped under {@code rules/} (inside the jar), then the user's
 * override files on top. Any problem with a file is a {@link RuleFileException} naming it.
 */
public final class RuleCatalog {
    private static final String BUNDLED_DIR = "rules/";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, RuleSpec> rules;
    /** Severities set in override files: they win over a severity a check picks for a case. */
    private final Map<String, Severity> userSeverities;

    private RuleCatalog(Map<String, RuleSpec> rules, Map<String, Severity> userSeverities) {
        this.rules = rules;
        this.userSeverities = userSeverities;
    }

    /** The shipped rules with the overrides in {@code overrideDirs} applied, in order (later wins). */
    public static RuleCatalog load(List<Path> overrideDirs) {
        Map<String, RuleSpec> rules = new LinkedHashMap<>();
        for (String name : bundledRuleFiles()) {
            RuleSpec spec = parse(name, RuleCatalog.class.getClassLoader().getResourceAsStream(name));
            requireComplete(name, spec);
            String expected = name.substring(BUNDLED_DIR.length(), name.length() - ".yaml".length());
            if (!expected.equals(spec.id())) {
                throw new RuleFileException(name + ": id '" + spec.id() + "' does not match the file name (expected '" + expected + "')");
            }
            rules.put(spec.id(), spec);
        }
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
                override = parse(file.toString(), in);
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

    private static RuleSpec parse(String name, InputStream in) {
        if (in == null) {
            throw new RuleFileException(name + ": not found");
        }
        try (in) {
            RuleSpec spec = YAML.readValue(in, RuleSpec.class);
            if (spec == null) {
                throw new RuleFileException(name + ": empty rule file");
            }
            return spec;
        } catch (UnrecognizedPropertyException e) {
            throw new RuleFileException(name + ": unknown field '" + e.getPropertyName() + "' (known: " + e.getKnownPropertyIds() + ")");
        } catch (JsonProcessingException e) {
            throw new RuleFileException(name + ": not a valid rule file: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new RuleFileException(name + ": cannot read: " + e.getMessage());
        }
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

    /** Names of the rule files inside the jar (or the classes directory, when run from a build tree). */
    private static List<String> bundledRuleFiles() {
        URL location = RuleCatalog.class.getProtectionDomain().getCodeSource().getLocation();
        try {
            Path codeSource = Path.of(location.toURI());
            if (Files.isDirectory(codeSource)) {
                try (Stream<Path> listing = Files.list(codeSource.resolve(BUNDLED_DIR))) {
                    return listing.map(p -> BUNDLED_DIR + p.getFileName()).filter(n -> n.endsWith(".yaml")).sorted().toList();
                }
            }
            try (JarFile jar = new JarFile(codeSource.toFile())) {
                return jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(BUNDLED_DIR) && n.endsWith(".yaml") && n.indexOf('/', BUNDLED_DIR.length()) < 0)
                        .sorted().toList();
            }
        } catch (IOException | URISyntaxException e) {
            throw new RuleFileException(location + ": cannot list the built-in rules: " + e.getMessage());
        }
    }
}
