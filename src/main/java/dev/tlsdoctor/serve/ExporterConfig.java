package dev.tlsdoctor.serve;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tlsdoctor.common.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The exporter's configuration file ({@code serve --config}): the probe modules, the targets
 * {@code /probe} may dial, the certs dirs {@code /metrics} watches, and the exporter's limits.
 * Unknown keys are errors, as in Prometheus' own configuration files: a misspelt key must not
 * silently fall back to a default.
 */
public record ExporterConfig(Map<String, Module> modules, TargetAllowlist allow, List<Watch> watch, Limits limits) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /** The configuration when {@code --config} is not given: one module of each probe mode, loopback targets only. */
    public static final ExporterConfig DEFAULT = new ExporterConfig(
            Map.of("auto", Module.of("auto"), "pgwire", Module.of("pgwire"), "tls", Module.of("tls")),
            TargetAllowlist.of(List.of("127.0.0.1:*", "localhost:*", "[::1]:*")), List.of(), Limits.DEFAULTS);

    /** How {@code /probe?module=NAME} probes: {@code probe}'s options. */
    public record Module(String mode, Path certsDir, String user, Path ca, String sni, String database, Duration timeout,
                         boolean ocsp, String ocspMode) {
        static Module of(String mode) {
            return new Module(mode, null, null, null, null, null, Duration.ofSeconds(5), false, null);
        }

        @JsonCreator
        static Module parse(@JsonProperty("mode") String mode, @JsonProperty("certs_dir") Path certsDir,
                            @JsonProperty("user") String user, @JsonProperty("ca") Path ca, @JsonProperty("sni") String sni,
                            @JsonProperty("database") String database, @JsonProperty("timeout") String timeout,
                            @JsonProperty("ocsp") Boolean ocsp, @JsonProperty("ocsp_mode") String ocspMode) {
            String m = mode == null ? "auto" : mode;
            if (!List.of("auto", "pgwire", "tls").contains(m)) {
                throw new IllegalArgumentException("mode: '" + mode + "' is not one of pgwire, tls, auto");
            }
            if (ocspMode != null && !List.of("lax", "strict").contains(ocspMode)) {
                throw new IllegalArgumentException("ocsp_mode: '" + ocspMode + "' is not one of lax, strict");
            }
            return new Module(m, certsDir, user, ca, sni, database, duration("timeout", timeout, Duration.ofSeconds(5)),
                    Boolean.TRUE.equals(ocsp), ocspMode);
        }

        /** {@code probe}'s command line for {@code target}, bounded by {@code timeout}. */
        List<String> probeCommand(String target, Duration timeout) {
            List<String> argv = new ArrayList<>(List.of("probe", target, "--format", "prometheus", "--mode", mode,
                    "--timeout", timeout.toMillis() + "ms"));
            option(argv, "--certs-dir", certsDir);
            option(argv, "--user", user);
            option(argv, "--ca", ca);
            option(argv, "--sni", sni);
            option(argv, "--database", database);
            if (ocsp) {
                argv.add("--ocsp");
                option(argv, "--ocsp-mode", ocspMode);
            }
            return argv;
        }
    }

    /** A certs dir (or certificate files) that {@code /metrics} reports, checked as {@code check} checks it. */
    public record Watch(Path certsDir, List<Path> files, List<String> hosts, String user) {
        @JsonCreator
        static Watch parse(@JsonProperty("certs_dir") Path certsDir, @JsonProperty("files") List<Path> files,
                           @JsonProperty("host") List<String> hosts, @JsonProperty("user") String user) {
            if ((certsDir == null) == (files == null || files.isEmpty())) {
                throw new IllegalArgumentException("each watch entry needs certs_dir or files (one of them)");
            }
            return new Watch(certsDir, files == null ? List.of() : List.copyOf(files), hosts == null ? List.of() : List.copyOf(hosts), user);
        }

        /** The value of the {@code source} label its metrics carry. */
        String source() {
            return certsDir != null ? certsDir.toString() : String.join(",", files.stream().map(Path::toString).toList());
        }

        /** The paths whose change on disk means a new check. */
        List<Path> paths() {
            return certsDir != null ? List.of(certsDir) : files;
        }

        List<String> checkCommand() {
            List<String> argv = new ArrayList<>(List.of("check", "--format", "prometheus"));
            option(argv, "--certs-dir", certsDir);
            for (String host : hosts) {
                option(argv, "--host", host);
            }
            option(argv, "--user", user);
            files.forEach(f -> argv.add(f.toString()));
            return argv;
        }
    }

    /**
     * @param maxConcurrentProbes probes (and watched checks) running at once; more scrapes wait, within their deadline
     * @param scrapeTimeoutOffset taken off Prometheus' scrape timeout, so the answer arrives before Prometheus gives up
     * @param watchRecheck a watched directory is checked again after this long even when nothing changed on disk
     */
    public record Limits(int maxConcurrentProbes, Duration scrapeTimeoutOffset, Duration watchRecheck) {
        static final Limits DEFAULTS = new Limits(16, Duration.ofMillis(500), Duration.ofHours(1));

        @JsonCreator
        static Limits parse(@JsonProperty("max_concurrent_probes") Integer maxConcurrentProbes,
                            @JsonProperty("scrape_timeout_offset") String offset, @JsonProperty("watch_recheck") String recheck) {
            int max = maxConcurrentProbes == null ? DEFAULTS.maxConcurrentProbes : maxConcurrentProbes;
            if (max < 1 || max > 1024) {
                throw new IllegalArgumentException("max_concurrent_probes: " + max + " is not between 1 and 1024");
            }
            return new Limits(max, duration("scrape_timeout_offset", offset, DEFAULTS.scrapeTimeoutOffset),
                    duration("watch_recheck", recheck, DEFAULTS.watchRecheck));
        }
    }

    private record Targets(@JsonProperty("allow") List<String> allow) {}

    private record File(@JsonProperty("modules") Map<String, Module> modules, @JsonProperty("targets") Targets targets,
                        @JsonProperty("watch") List<Watch> watch, @JsonProperty("limits") Limits limits) {}

    /** Reads and validates {@code path}. @throws ConfigException with a one-line reason naming the file */
    public static ExporterConfig load(Path path) throws ConfigException {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot read: " + e.getMessage());
        }
        return parse(text, path.toString());
    }

    static ExporterConfig parse(String yaml, String where) throws ConfigException {
        File file;
        try {
            file = YAML.readValue(yaml, File.class);
        } catch (JacksonException e) {
            throw new ConfigException(where + ": " + reason(e));
        }
        if (file == null) {
            throw new ConfigException(where + ": empty configuration");
        }
        Map<String, Module> modules = file.modules() == null ? DEFAULT.modules : new LinkedHashMap<>(file.modules());
        for (Map.Entry<String, Module> m : modules.entrySet()) {
            if (!MODULE_NAME.matcher(m.getKey()).matches() || m.getValue() == null) {
                throw new ConfigException(where + ": modules: '" + m.getKey() + "' needs a name of letters, digits, '_', '.', '-' and a body");
            }
        }
        if (file.targets() == null || file.targets().allow() == null || file.targets().allow().isEmpty()) {
            throw new ConfigException(where + ": targets.allow is required: the HOST:PORT patterns /probe may dial (e.g. \"127.0.0.1:*\")");
        }
        TargetAllowlist allow;
        try {
            allow = TargetAllowlist.of(file.targets().allow());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": targets.allow: " + e.getMessage());
        }
        List<Watch> watch = file.watch() == null ? List.of() : List.copyOf(file.watch());
        return new ExporterConfig(Map.copyOf(modules), allow, watch, file.limits() == null ? Limits.DEFAULTS : file.limits());
    }

    /** Jackson's message in one line, with the key path and line it is about. */
    private static String reason(JacksonException e) {
        String path = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        String message = e.getCause() instanceof IllegalArgumentException bad ? bad.getMessage()
                : e instanceof MismatchedInputException wrong && !(e instanceof UnrecognizedPropertyException) ? "expected " + kind(wrong.getTargetType())
                : e.getOriginalMessage();
        String at = e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "";
        return (path.isEmpty() ? "" : path + ": ") + firstLine(message) + at;
    }

    /** What a key's value must be, in YAML's words. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (key: value)";
        }
        if (type == Integer.class || type == int.class) {
            return "a number";
        }
        return type == Boolean.class || type == boolean.class ? "true or false" : "a single value";
    }

    /** {@code modules.node.timeout}, from Jackson's reference chain. */
    private static String pathOf(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        String line = message == null ? "not valid" : message.lines().findFirst().orElse("not valid");
        return line.replaceAll(" \\(class [^)]*\\)", "").replaceAll(", not marked as ignorable.*", "");
    }

    private static Duration duration(String key, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static void option(List<String> argv, String name, Object value) {
        if (value != null) {
            argv.add(name);
            argv.add(value.toString());
        }
    }

    /** A configuration that cannot be used; its message is one line naming the file and the problem. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }
}
