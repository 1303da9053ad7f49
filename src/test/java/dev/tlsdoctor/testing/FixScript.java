package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The shell commands in a rendered fix, told from its prose line by line, and run with bash. Lines
 * with {@code cockroach cert} (not installed here: each is followed by its openssl equivalent) and the
 * reload of a running node ({@code pkill -HUP}) are set apart, not run.
 */
public record FixScript(List<String> commands, List<String> cockroachLines, List<String> reloads) {
    /** The programs fixes use; a line starting with any other word is prose. */
    private static final Set<String> PROGRAMS = Set.of("openssl", "chmod", "chown", "mv", "cat", "mkdir", "cp", "printf", "rm", ":");

    public static FixScript of(String fix) {
        List<String> lines = fix.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> cockroach = lines.stream().filter(l -> l.matches("(?:mkdir \\S+ \\S+ && )?cockroach cert .*")).toList();
        List<String> reloads = lines.stream().filter(l -> l.startsWith("pkill ") || l.startsWith("kill ")).toList();
        List<String> commands = lines.stream()
                .filter(l -> !cockroach.contains(l) && (PROGRAMS.contains(l.split(" ", 2)[0]) || l.matches("[A-Za-z_][A-Za-z0-9_]*=.*")))
                .toList();
        return new FixScript(commands, cockroach, reloads);
    }

    public record Result(int exitCode, String output) {}

    /** Runs the commands with {@code bash -e} in {@code dir}, with {@code env} added and {@code stdin} (or nothing) as input. */
    public Result run(Path dir, Map<String, String> env, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", String.join("\n", commands))
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, output + "\n(timed out)");
        }
        return new Result(p.exitValue(), output);
    }

    /** Copies a directory tree, keeping each file's permissions (key-permissions is about them). */
    public static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "--- commands run\n" + String.join("\n", commands) + "\n--- not run\n" + String.join("\n", cockroachLines) + "\n" + String.join("\n", reloads);
    }
}
