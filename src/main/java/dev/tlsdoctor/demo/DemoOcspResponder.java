package dev.tlsdoctor.demo;

import dev.tlsdoctor.pki.Pki;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.ocsp.OCSPReq;

/**
 * An OCSP responder on 127.0.0.1 for the demo: answers POST and RFC 6960 GET requests about
 * certificates of one CA, signed by that CA, "revoked" for the serials it is told, else "good".
 */
public final class DemoOcspResponder implements AutoCloseable {
    /** Far above a real OCSP request (a few hundred bytes). */
    private static final int MAX_REQUEST = 64 * 1024;
    /** OCSPResponse { responseStatus malformedRequest(1) }: the unsigned answer to bytes that are not a request. */
    private static final byte[] MALFORMED_REQUEST = {0x30, 0x03, 0x0a, 0x01, 0x01};

    private final HttpServer server;
    /** The server's threads: HttpServer.stop leaves an executor it was given running, so close() ends them. */
    private final ExecutorService answering;
    private final Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();
    private volatile Pki.Issued ca;

    public DemoOcspResponder() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::answer);
        String threadName = "demo-ocsp-" + server.getAddress().getPort();
        answering = Executors.newFixedThreadPool(4, r -> { // tls-doctor asks about several certificates at once
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(answering);
        server.start();
    }

    /** The URL to name in certificates' Authority Information Access. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The CA whose certificates this responder answers for; set once it exists (its URL goes into them). */
    public void answerFor(Pki.Issued ca) {
        this.ca = ca;
    }

    public void revoke(BigInteger serial) {
        revoked.add(serial);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = answerTo(exchange);
            exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private byte[] answerTo(HttpExchange exchange) {
        try {
            OCSPReq request = new OCSPReq(requestBytes(exchange));
            OcspResponseBuilder answer = new OcspResponseBuilder(request).signedBy(ca);
            if (revoked.contains(request.getRequestList()[0].getCertID().getSerialNumber())) {
                answer.revoked(Instant.now().minusSeconds(3600), CRLReason.keyCompromise);
            }
            return answer.build();
        } catch (IOException | RuntimeException malformed) {
            return MALFORMED_REQUEST.clone();
        }
    }

    private static byte[] requestBytes(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            String path = exchange.getRequestURI().getRawPath();
            return Base64.getDecoder().decode(URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.US_ASCII));
        }
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(MAX_REQUEST);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        answering.shutdown();
    }
}
