package dev.tlsdoctor.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server (the JDK's) bound to 127.0.0.1 only, answering with a handler. For CRLs and the OCSP responder. */
public final class LoopbackHttpServer implements AutoCloseable {
    /** Computes the reply to one request. */
    public interface Handler {
        Reply handle(String method, String rawPath, byte[] body) throws IOException;
    }

    public record Reply(int status, String contentType, byte[] body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final AtomicInteger requests = new AtomicInteger();

    static {
        // As real servers do: with Nagle, an answer written as headers then body waits for a delayed ACK (40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LoopbackHttpServer(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.createContext("/", exchange -> serve(exchange, handler));
        server.setExecutor(executor);
        server.start();
    }

    public static LoopbackHttpServer start(Handler handler) {
        try {
            return new LoopbackHttpServer(handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Requests answered so far. */
    public int requests() {
        return requests.get();
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Reply reply;
            try {
                reply = handler.handle(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), body);
            } catch (IOException | RuntimeException e) {
                reply = new Reply(500, "text/plain", String.valueOf(e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            }
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
