package dev.tlsdoctor.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ./tls-doctor on a copy of the project, as a user runs it the first time: it builds the jar
 * with Maven (output piped), then answers a check of a tree before it trains its start-up cache.
 */
@Timeout(600)
class LauncherTest {
    @Test
    void firstRunsBuildWithoutColourCodesAndAnswerBeforeTraining(@TempDir Path dir) throws Exception {
        Path project = dir.resolve("tls-doctor");
        Files.createDirectories(project);
        run("cp", "-r", "--parents", "pom.xml", "tls-doctor", "rules", "samples", "src/main", project.toString());
        Result build = launcher(project, "rules", "expired");
        assertEquals(0, build.code, build.err);
        assertTrue(build.err.contains("building"), build.err);
        assertFalse(build.err.contains("\u001b"), "Maven's colour codes reached a pipe: " + build.err.replace("\u001b", "ESC"));

        // The first check of a tree answers as a run without a cache does; the cache is trained afterwards,
        // in the background (before, the run trained it first and took seconds longer, 16.7 s on a small tree).
        Path cache = project.resolve("target/tls-doctor-large.aot");
        Result first = launcher(project, "check", "--recursive", "samples");
        assertEquals(2, first.code, first.err);
        boolean java25 = Files.readString(project.resolve("target/tls-doctor.java")).split(" ")[1].equals("25");
        if (java25) {
            assertFalse(Files.exists(cache), "the first run waited for its cache to be trained");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!Files.exists(cache) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Files.exists(cache), "the cache was trained after the answer");
        }
        Result second = launcher(project, "check", "--recursive", "samples");
        assertEquals(first.out, second.out);
        assertEquals("", first.err + second.err, "nothing of the JVM's or the training's own");
    }

    private record Result(int code, String out, String err) {}

    private static Result launcher(Path project, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(project.resolve("tls-doctor").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        Process p = new ProcessBuilder(command).directory(project.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        int code = p.waitFor();
        return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile()).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }
}
