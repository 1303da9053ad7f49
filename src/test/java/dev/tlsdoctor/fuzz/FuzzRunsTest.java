package dev.tlsdoctor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The real fuzzing of the normal test suite: every {@link FuzzTest} of this package is fuzzed for a few
 * seconds, each in a JVM of its own (Jazzer fuzzes one target per JVM, and ends the JVM on a hang), two
 * at a time. The regression run of the committed inputs happens anyway, as plain JUnit tests.
 *
 * <p>{@code .ci/fuzz} runs this test for longer: {@code -Dfuzz.seconds=N} of fuzzing per target (default
 * {@value #DEFAULT_SECONDS}, after some ten seconds of starting Jazzer), {@code -Dfuzz.target=Class[#method]}
 * for one target, {@code -Dfuzz.corpus=DIR} for where the grown corpus is kept (default target/fuzz-corpus),
 * {@code -Dfuzz.jobs=N} targets at a time, {@code -Dfuzz.seed=N} the mutations' seed (default 1, so that the
 * suite's short run meets the same inputs on every machine and a red build is reproducible; {@code .ci/fuzz}
 * passes 0, a new random seed each run, to explore). Each fuzzing JVM has a 768 MB heap: an input that needs more is
 * a finding, as is one that takes over {@value FuzzOne#PER_INPUT_SECONDS} s.
 * Each target's output is in target/fuzz-logs/.
 */
class FuzzRunsTest {
    static final int DEFAULT_SECONDS = 8;
    private static final String DEFAULT_SEED = "1";
    /** Beyond the time given: a JVM that is still running then is stuck. */
    private static final int GRACE_SECONDS = 120;
    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
    private static final Pattern COVERAGE = Pattern.compile("cov: (\\d+) ft: \\d+ corp: (\\d+)/");

    record Target(Class<?> type, String method) {
        String name() {
            return type.getSimpleName() + "#" + method;
        }
    }

    @TestFactory
    Stream<DynamicTest> fuzzEveryTarget() throws IOException, URISyntaxException {
        String only = System.getProperty("fuzz.target", "");
        List<Target> targets = targets().stream()
                .filter(t -> only.isEmpty() || t.name().equals(only) || t.type().getSimpleName().equals(only) || t.method().equals(only))
                .toList();
        assertTrue(!targets.isEmpty(), "no fuzz target matches '" + only + "'");
        int jobs = Integer.getInteger("fuzz.jobs", Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<Run>> runs = targets.stream().map(t -> pool.submit(() -> fuzz(t))).toList();
        pool.shutdown();
        return IntStream.range(0, targets.size()).mapToObj(i -> dynamicTest(targets.get(i).name(), () -> runs.get(i).get().check()));
    }

    /** The @FuzzTest methods of every *FuzzTest class beside this one. */
    static List<Target> targets() throws IOException, URISyntaxException {
        Path dir = Path.of(FuzzRunsTest.class.getResource("FuzzRunsTest.class").toURI()).getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("FuzzTest.class")).sorted()
                    .map(n -> load(FuzzRunsTest.class.getPackageName() + "." + n.substring(0, n.length() - ".class".length())))
                    .flatMap(type -> Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(FuzzTest.class))
                            .sorted(Comparator.comparing(java.lang.reflect.Method::getName)).map(m -> new Target(type, m.getName())))
                    .toList();
        }
    }

    /** One target's fuzzing: how it ended, and its output. */
    record Run(Target target, boolean finished, int exitCode, Path log, String output, long seconds) {
        void check() {
            System.out.println("fuzz " + target.name() + ": " + summary(output) + ", " + seconds + " s in all");
            assertTrue(finished, () -> target.name() + " did not end in time; log " + log + "\n" + tail(output));
            assertEquals(0, exitCode, () -> target.name() + " found a problem: the input is saved in src/test/resources/"
                    + target.type().getPackageName().replace('.', '/') + "/" + target.type().getSimpleName() + "Inputs/" + target.method()
                    + "/ (crash-*, timeout-*), log " + log + "\n" + tail(output));
        }
    }

    private static Run fuzz(Target target) throws IOException, InterruptedException {
        int seconds = Integer.getInteger("fuzz.seconds", DEFAULT_SECONDS);
        Path corpus = Path.of(System.getProperty("fuzz.corpus", "target/fuzz-corpus")).toAbsolutePath()
                .resolve(target.type().getSimpleName()).resolve(target.method());
        Files.createDirectories(corpus);
        Path log = Files.createDirectories(Path.of("target", "fuzz-logs")).resolve(target.name().replace('#', '.') + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+EnableDynamicAgentLoading",
                "-cp", System.getProperty("java.class.path"), FuzzOne.class.getName(),
                target.type().getName(), target.method(), corpus.toString(), String.valueOf(seconds),
                System.getProperty("fuzz.seed", DEFAULT_SEED))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAZZER_FUZZ", "1");
        long start = System.nanoTime();
        Process process = builder.start();
        boolean finished = process.waitFor(seconds + GRACE_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        return new Run(target, finished, process.exitValue(), log, Files.readString(log), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    private static String summary(String output) {
        Matcher done = DONE.matcher(output);
        String runs = done.find() ? done.group(1) + " inputs in " + done.group(2) + " s" : "no fuzzing summary";
        String coverage = "";
        for (Matcher m = COVERAGE.matcher(output); m.find(); ) {
            coverage = ", coverage " + m.group(1) + " edges, corpus " + m.group(2);
        }
        return runs + coverage;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
