package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls-doctor serve} as a user starts it: refusals before binding, and SIGHUP as systemd's reload sends it. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void listeningBeyondLoopbackNeedsAWebConfiguration() {
        Cli.Result r = Cli.run("serve", "--listen", ":0");
        assertEquals(3, r.exitCode());
        assertTrue(r.err().startsWith("tls-doctor: --listen :0: without --web.config.file the exporter listens on loopback only"), r.all());
        assertEquals(1, r.err().lines().count(), r.all());
    }

    @Test
    void unusableConfigurationIsOneLineExitThree() throws IOException {
        Path config = Files.writeString(dir.resolve("exporter.yml"), "modules: {node: {mode: tls}}\n");
        Cli.Result r = Cli.run("serve", "--listen", "127.0.0.1:0", "--config", config.toString());
        assertEquals(3, r.exitCode());
        assertEquals("tls-doctor: " + config + ": targets.allow is required: the HOST:PORT patterns /probe may dial (e.g. \"127.0.0.1:*\")\n", r.err());
        Cli.Result missing = Cli.run("serve", "--listen", "127.0.0.1:0", "--web.config.file", dir.resolve("web.yml").toString());
        assertEquals(3, missing.exitCode());
        assertTrue(missing.err().startsWith("tls-doctor: " + dir.resolve("web.yml") + ": cannot read"), missing.all());
        Cli.Result badListen = Cli.run("serve", "--listen", "127.0.0.1:http");
        assertEquals(3, badListen.exitCode(), badListen.all());
    }

    @Test
    void hangUpSignalReloadsTheConfigurationAndTheExporterKeepsServing() throws Exception {
        Path config = Files.writeString(dir.resolve("exporter.yml"), "targets: {allow: ['127.0.0.1:*']}\n");
        Path log = dir.resolve("serve.log");
        int port = Ports.free();
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--listen", "127.0.0.1:" + port, "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitForLog(log, "listening on http://127.0.0.1:" + port);
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(serve.pid())).start().waitFor());
            waitForLog(log, "loaded " + config);
            assertTrue(serve.isAlive(), "SIGHUP ended the exporter:\n" + Files.readString(log));
            HttpResponse<String> healthy = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/healthy"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, healthy.statusCode());
        } finally {
            serve.destroy();
            serve.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void waitForLog(Path log, String line) throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + line + "' in the exporter's log:\n" + Files.readString(log));
    }
}
