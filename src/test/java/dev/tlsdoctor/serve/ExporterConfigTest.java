package dev.tlsdoctor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.probe.Endpoint;
import dev.tlsdoctor.serve.ExporterConfig.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExporterConfigTest {
    /** The smallest configuration, as issue 16 and docs/monitoring.md give it. */
    static final String SMALLEST = """
            modules:
              node: {mode: pgwire, certs_dir: /var/lib/cockroach/certs, user: root, timeout: 5s}
            targets:
              allow: ["127.0.0.1:*", "*.crdb.internal:26257"]
            watch:
              - certs_dir: /var/lib/cockroach/certs
            """;

    @Test
    void smallestConfigurationReadsAsWritten() throws ConfigException {
        ExporterConfig config = ExporterConfig.parse(SMALLEST, "exporter.yml");
        ExporterConfig.Module node = config.modules().get("node");
        assertEquals("pgwire", node.mode());
        assertEquals(Path.of("/var/lib/cockroach/certs"), node.certsDir());
        assertEquals(Duration.ofSeconds(5), node.timeout());
        assertEquals(List.of("probe", "n1.crdb.internal:26257", "--format", "prometheus", "--mode", "pgwire", "--timeout", "4500ms",
                "--certs-dir", "/var/lib/cockroach/certs", "--user", "root"), node.probeCommand("n1.crdb.internal:26257", Duration.ofMillis(4500)));
        assertTrue(config.allow().permits(new Endpoint("n1.crdb.internal", 26257)));
        assertFalse(config.allow().permits(new Endpoint("n1.crdb.internal", 8080)));
        assertEquals(List.of("check", "--format", "prometheus", "--certs-dir", "/var/lib/cockroach/certs"), config.watch().get(0).checkCommand());
        assertEquals(16, config.limits().maxConcurrentProbes());
    }

    @Test
    void everyModuleKeyBecomesItsProbeOption() throws ConfigException {
        ExporterConfig config = ExporterConfig.parse("""
                modules:
                  strict: {mode: tls, ca: /etc/ca.crt, sni: node1, database: system, timeout: 1m30s, ocsp: true, ocsp_mode: strict}
                targets: {allow: ["*:26257"]}
                limits: {max_concurrent_probes: 4, scrape_timeout_offset: 250ms, watch_recheck: 10m}
                """, "x.yml");
        assertEquals(List.of("probe", "h:1", "--format", "prometheus", "--mode", "tls", "--timeout", "2000ms", "--ca", "/etc/ca.crt",
                "--sni", "node1", "--database", "system", "--ocsp", "--ocsp-mode", "strict"),
                config.modules().get("strict").probeCommand("h:1", Duration.ofSeconds(2)));
        assertEquals(Duration.ofSeconds(90), config.modules().get("strict").timeout());
        assertEquals(new ExporterConfig.Limits(4, Duration.ofMillis(250), Duration.ofMinutes(10)), config.limits());
    }

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                Arguments.of("modules: {node: {mode: grpc}}\ntargets: {allow: ['*:1']}", "x.yml: modules.node: mode: 'grpc' is not one of pgwire, tls, auto"),
                Arguments.of("modules: {node: {timeout: soon}}\ntargets: {allow: ['*:1']}", "x.yml: modules.node: timeout: 'soon' is not a duration"),
                Arguments.of("modules: {node: {mode: tls, user_name: root}}\ntargets: {allow: ['*:1']}",
                        "x.yml: modules.node.user_name: Unrecognized field \"user_name\""),
                Arguments.of("modules: {node: {mode: tls}}", "x.yml: targets.allow is required"),
                Arguments.of("modules: {node: {mode: tls}}\ntargets: {allow: ['node1']}", "x.yml: targets.allow: 'node1' is not HOST:PORT"),
                Arguments.of("targets: {allow: ['*:99999']}", "x.yml: targets.allow: '*:99999': the port must be 1-65535 or *"),
                Arguments.of("targets: {allow: ['*:1']}\nwatch: [{user: root}]", "x.yml: watch.0: each watch entry needs certs_dir or files"),
                Arguments.of("targets: {allow: ['*:1']}\nlimits: {max_concurrent_probes: 0}",
                        "x.yml: limits: max_concurrent_probes: 0 is not between 1 and 1024"),
                Arguments.of("targets: [", "x.yml: "),
                Arguments.of("targets: [a, b]", "x.yml: targets: expected a mapping (key: value) (line 1)"));
    }

    @ParameterizedTest
    @MethodSource("badConfigurations")
    void badConfigurationIsOneLineNamingFileAndKey(String yaml, String expectedStart) {
        ConfigException e = assertThrows(ConfigException.class, () -> ExporterConfig.parse(yaml, "x.yml"));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("dev.tlsdoctor"), "no class names: " + e.getMessage());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ExporterConfig.load(dir.resolve("nope.yml")));
        assertEquals(dir.resolve("nope.yml") + ": no such file", e.getMessage());
    }

    @Test
    void shippedSampleConfigurationLoads() throws Exception {
        Path sample = Path.of("samples/prometheus/exporter.yml");
        assertTrue(Files.exists(sample));
        ExporterConfig config = ExporterConfig.load(sample);
        assertTrue(config.modules().containsKey("node"));
    }
}
