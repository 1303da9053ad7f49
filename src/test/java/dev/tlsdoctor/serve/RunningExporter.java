package dev.tlsdoctor.serve;

import dev.tlsdoctor.cli.InProcessRunner;
import dev.tlsdoctor.serve.ExporterConfig.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The exporter on a free loopback port with a configuration file written by the test, running commands in this JVM. */
final class RunningExporter implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path configFile;
    final Exporter exporter;
    final StringWriter log = new StringWriter();

    RunningExporter(Path dir, String config) {
        this(dir, config, WebConfig.NONE);
    }

    RunningExporter(Path dir, String config, WebConfig web) {
        try {
            configFile = Files.writeString(dir.resolve("exporter-" + System.nanoTime() + ".yml"), config);
            exporter = new Exporter(new InetSocketAddress("127.0.0.1", 0), configFile, web, new InProcessRunner(),
                    new PrintWriter(log, true), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    String base() {
        return "http://127.0.0.1:" + exporter.address().getPort();
    }

    HttpResponse<String> get(String pathAndQuery) {
        return get(pathAndQuery, null);
    }

    /** GET, with Prometheus' scrape-timeout header when {@code scrapeTimeoutSeconds} is given. */
    HttpResponse<String> get(String pathAndQuery, String scrapeTimeoutSeconds) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).timeout(Duration.ofSeconds(60));
        if (scrapeTimeoutSeconds != null) {
            request.header("X-Prometheus-Scrape-Timeout-Seconds", scrapeTimeoutSeconds);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        exporter.close();
    }
}
