package dev.tlsdoctor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertFilesLoader;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.certs.Purpose;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.Severity;
import dev.tlsdoctor.rules.checks.AllChecks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Runs the real loaders and the rule engine (the shipped rules, no overrides) over a certs directory
 * or certificate files, and picks findings out of the result for assertions.
 */
public final class Doctor {
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.load(List.of()), AllChecks.ALL);

    private Doctor() {}

    /** Settings as a plain run now would have them, with our own group as the process's. */
    public static RunSettings settings() {
        return at(Instant.now());
    }

    public static RunSettings at(Instant at) {
        return new RunSettings(at, null, null, PrincipalMap.NONE, false, processGid());
    }

    public static RunSettings withPrincipalMap(String map) {
        RunSettings s = settings();
        return new RunSettings(s.at(), null, null, PrincipalMap.parse(map), false, s.processGid());
    }

    public static long processGid() {
        return new com.sun.security.auth.module.UnixSystem().getGid();
    }

    /** The findings for a certs directory, with {@code hosts} as {@code --host}. */
    public static List<Finding> dir(Path dir, String... hosts) {
        return dir(dir, settings(), List.of(hosts), null);
    }

    public static List<Finding> dir(Path dir, RunSettings settings, List<String> hosts, String user) {
        try {
            return ENGINE.run(new CertsDirLoader(dir, hosts, user, settings.at()).load(), settings);
        } catch (BadFileException e) {
            throw new AssertionError("the certs directory could not be read: " + e.getMessage(), e);
        }
    }

    /** The findings for certificate files checked against {@code ca} (null: the system trust store). */
    public static List<Finding> files(List<Path> files, Path ca, List<Path> untrusted, List<String> hosts, Purpose purpose) {
        RunSettings settings = settings();
        try {
            return ENGINE.run(new CertFilesLoader(files, ca, untrusted, hosts, purpose, settings.at()).load(), settings);
        } catch (BadFileException e) {
            throw new AssertionError("the CA or intermediates could not be read: " + e.getMessage(), e);
        }
    }

    public static List<Finding> of(List<Finding> findings, String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /** The one finding of {@code rule}, failing (with every finding listed) unless there is exactly one. */
    public static Finding only(List<Finding> findings, String rule) {
        List<Finding> matching = of(findings, rule);
        assertEquals(1, matching.size(), "expected exactly one '" + rule + "' finding in:\n" + describe(findings));
        return matching.get(0);
    }

    /** The one finding of {@code rule}, checked for severity and subject. */
    public static Finding only(List<Finding> findings, String rule, Severity severity, Object subject) {
        Finding f = only(findings, rule);
        assertEquals(severity, f.severity(), () -> "severity of " + f);
        assertEquals(subject.toString(), f.subject(), () -> "subject of " + f);
        return f;
    }

    public static void none(List<Finding> findings, String rule) {
        assertTrue(of(findings, rule).isEmpty(), () -> "expected no '" + rule + "' finding in:\n" + describe(findings));
    }

    public static void clean(List<Finding> findings) {
        assertTrue(findings.isEmpty(), () -> "expected no findings, got:\n" + describe(findings));
    }

    public static void contains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected '" + part + "' in:\n" + text);
        }
    }

    public static String describe(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append("  ").append(f.rule()).append(' ').append(f.severity()).append(' ').append(f.subject()).append(": ")
                    .append(f.message()).append("\n    fix: ").append(f.fix().replace("\n", "\n         ")).append('\n');
        }
        return out.length() == 0 ? "  (none)" : out.toString();
    }
}
