package dev.tlsdoctor.ocsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.FakeServer;
import dev.tlsdoctor.testing.Findings;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OCSP responders and CRL servers that attack the client: an endless body (chunked, and one that
 * runs until the connection closes) and a body or header trickled a byte a second. Raw HTTP on
 * 127.0.0.1, since neither a real responder nor MockWebServer (which needs the whole body up front)
 * streams forever. {@code ocsp} and {@code check --ocsp} must end within the timeout with the right
 * finding, and the fetch must keep no more than its cap.
 */
class RevocationHostileRespondersTest {
    private static final AtomicInteger FILES = new AtomicInteger();
    /** The 2 s timeout plus what a CLI run costs besides the requests on a busy two-core machine. */
    private static final long LIMIT_MILLIS = 4_000;
    private static final String OCSP_HEADERS = "HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\n";

    @TempDir
    static Path dir;
    static Pki.Issued ca;
    static Path caFile;

    /** The CA, and one run against a responder that fails at once, so that timings below are not a cold JVM's class loading. */
    @BeforeAll
    static void makeCaAndWarmUp() {
        ca = Pki.ca("Hostile Responder CA").build();
        caFile = ca.writeCert(dir.resolve("ca.crt"));
        try (FakeServer failing = answering("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", out -> { })) {
            for (String command : List.of("ocsp", "check")) {
                Timed.run(command, "ocsp", failing);
            }
        }
    }

    /** Answers any request with {@code headers}, then 16 KiB chunks for as long as the client reads. */
    private static FakeServer endlessChunked() {
        return answering(OCSP_HEADERS + "Transfer-Encoding: chunked\r\n\r\n", out -> {
            byte[] chunk = new byte[16 << 10];
            byte[] size = "4000\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] end = "\r\n".getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(size);
                out.write(chunk);
                out.write(end);
            }
        });
    }

    /** A body without a length, which ends only when the connection does: never. */
    private static FakeServer endlessUntilClose() {
        return answering(OCSP_HEADERS + "Connection: close\r\n\r\n", out -> {
            byte[] chunk = new byte[16 << 10];
            while (true) {
                out.write(chunk);
            }
        });
    }

    /** A 4 KiB body, one byte a second. */
    private static FakeServer tricklingBody() {
        return answering(OCSP_HEADERS + "Content-Length: 4096\r\n\r\n", out -> trickle(out, new byte[4096]));
    }

    /** The status line and headers, one byte a second. */
    private static FakeServer tricklingHeaders() {
        return answering("", out -> trickle(out, (OCSP_HEADERS + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private interface Body {
        void send(OutputStream out) throws IOException;
    }

    private static FakeServer answering(String headers, Body body) {
        return FakeServer.start((s, in, out) -> {
            in.read(new byte[8192]); // the request: whatever it asks, the answer is the same
            out.write(headers.getBytes(StandardCharsets.US_ASCII));
            body.send(out);
            out.flush();
        });
    }

    private static void trickle(OutputStream out, byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A CLI run on a fresh certificate whose AIA (ocsp) or CRL distribution point (crl) names {@code server}, and its duration. */
    private record Timed(Cli.Result result, long millis) {
        static Timed run(String command, String where, FakeServer server) {
            String url = "http://" + server.target() + "/" + where;
            Pki.Builder leaf = ca.issue("leaf").clientAuth();
            Path cert = (where.equals("crl") ? leaf.crlUrl(url) : leaf.ocspUrl(url)).build().writeTo(dir, "leaf" + FILES.incrementAndGet());
            List<String> args = new ArrayList<>(command.equals("ocsp")
                    ? List.of("ocsp", cert.toString(), "--issuer", caFile.toString(), "--timeout", "2s")
                    : List.of("check", cert.toString(), "--ca", caFile.toString(), "--ocsp", "--ocsp-timeout", "2s"));
            args.addAll(List.of("--format", "json"));
            long start = System.nanoTime();
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            return new Timed(r, (System.nanoTime() - start) / 1_000_000);
        }

        Findings findings() {
            assertTrue(millis < LIMIT_MILLIS, "took " + millis + " ms for a 2s timeout:\n" + result.all());
            assertTrue(result.err().isEmpty(), result.all());
            return Findings.of(result);
        }
    }

    /** Each hostile OCSP responder, and the finding it must come to (within the timeout, as {@link Timed#findings} checks). */
    enum Hostile {
        ENDLESS_CHUNKED_BODY("ocsp-bad-response", "larger than 1024 KiB", 2),
        ENDLESS_BODY_UNTIL_CLOSE("ocsp-bad-response", "larger than 1024 KiB", 2),
        BODY_A_BYTE_A_SECOND("ocsp-unreachable", "no complete answer within 2s", 1),
        HEADERS_A_BYTE_A_SECOND("ocsp-unreachable", "no complete answer within 2s", 1);

        final String rule;
        final String message;
        final int exitCode;

        Hostile(String rule, String message, int exitCode) {
            this.rule = rule;
            this.message = message;
            this.exitCode = exitCode;
        }

        FakeServer start() {
            return switch (this) {
                case ENDLESS_CHUNKED_BODY -> endlessChunked();
                case ENDLESS_BODY_UNTIL_CLOSE -> endlessUntilClose();
                case BODY_A_BYTE_A_SECOND -> tricklingBody();
                case HEADERS_A_BYTE_A_SECOND -> tricklingHeaders();
            };
        }
    }

    @ParameterizedTest
    @CsvSource({"ocsp, ENDLESS_CHUNKED_BODY", "check, ENDLESS_CHUNKED_BODY", "ocsp, ENDLESS_BODY_UNTIL_CLOSE", "check, ENDLESS_BODY_UNTIL_CLOSE",
        "ocsp, BODY_A_BYTE_A_SECOND", "check, BODY_A_BYTE_A_SECOND", "ocsp, HEADERS_A_BYTE_A_SECOND", "check, HEADERS_A_BYTE_A_SECOND"})
    void hostileOcspResponderEndsInAFindingWithinTheTimeout(String command, Hostile hostile) {
        try (FakeServer server = hostile.start()) {
            Timed run = Timed.run(command, "ocsp", server);
            String message = run.findings().only(hostile.rule).path("message").asText();
            assertTrue(message.contains(hostile.message), message);
            assertEquals(hostile.exitCode, run.result().exitCode(), run.result().all());
        }
    }

    @Test
    void endlessCrlIsInvalidAndATricklingOneUnreachable() {
        try (FakeServer endless = endlessChunked()) {
            Findings f = Timed.run("ocsp", "crl", endless).findings();
            assertTrue(f.only("crl-invalid").path("message").asText().contains("larger than 10 MiB"), f.root().toString());
        }
        try (FakeServer slow = tricklingBody()) {
            Findings f = Timed.run("ocsp", "crl", slow).findings();
            assertTrue(f.only("crl-unreachable").path("message").asText().contains("no complete answer within 2s"), f.root().toString());
        }
    }

    /** What one fetch allocates on its thread (OkHttp reads a synchronous call's body there) while the server never stops. */
    @Test
    void fetchOfAnEndlessBodyAllocatesAboutItsCap() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int cap = 1 << 20;
        try (FakeServer endless = endlessUntilClose(); HttpFetcher http = new HttpFetcher(Duration.ofSeconds(2))) {
            long before = threads.getCurrentThreadAllocatedBytes();
            HttpFetcher.Fetched fetched = http.get("http://" + endless.target() + "/", null, cap);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(fetched.tooLarge());
            assertNull(fetched.body());
            assertTrue(allocated < 8L * cap, "a fetch capped at 1 MiB allocated " + (allocated >> 20) + " MiB");
            assertTrue(fetched.elapsedMillis() < 1_000, "stopped after " + fetched.elapsedMillis() + " ms");
        }
        try (FakeServer slow = tricklingBody(); HttpFetcher http = new HttpFetcher(Duration.ofSeconds(2))) {
            HttpFetcher.FetchFailed failed = assertThrows(HttpFetcher.FetchFailed.class, () -> http.get("http://" + slow.target() + "/", null, cap));
            assertTrue(failed.elapsedMillis() >= 1_900 && failed.elapsedMillis() < 2_500, failed.elapsedMillis() + " ms");
        }
    }
}
