package dev.tlsdoctor.ocsp;

import dev.tlsdoctor.common.Durations;
import dev.tlsdoctor.common.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The HTTP side of revocation checks: every call is bounded by the timeout (OkHttp's call timeout
 * covers connecting, sending, waiting and reading the whole body) and a response body is read only
 * up to a cap, so a responder that sends 10 MB or never stops costs neither memory nor time.
 */
final class HttpFetcher implements AutoCloseable {
    private final OkHttpClient client;
    private final Duration timeout;
    private final AtomicInteger requestsSent = new AtomicInteger();

    /** What came back. {@code body} is null when the status was not 200 or the body exceeded the cap. */
    record Fetched(int status, String contentType, byte[] body, boolean tooLarge, long elapsedMillis) {}

    /** No HTTP answer at all: refused, timed out, unknown host, TLS failure, bad URL. */
    static final class FetchFailed extends Exception {
        private final long elapsedMillis;

        FetchFailed(String reason, long elapsedMillis) {
            super(reason);
            this.elapsedMillis = elapsedMillis;
        }

        long elapsedMillis() {
            return elapsedMillis;
        }
    }

    HttpFetcher(Duration timeout) {
        this.timeout = timeout;
        this.client = new OkHttpClient.Builder()
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                // Counts what really goes on the wire, retries and redirects included.
                .addNetworkInterceptor(chain -> {
                    requestsSent.incrementAndGet();
                    return chain.proceed(chain.request());
                })
                .build();
    }

    int requestsSent() {
        return requestsSent.get();
    }

    Fetched post(String url, byte[] body, String contentType, int maxBytes) throws FetchFailed {
        HttpUrl parsed = parse(url);
        return execute(new Request.Builder().url(parsed).post(RequestBody.create(body, MediaType.get(contentType))), maxBytes);
    }

    /** GET {@code url}, with {@code encodedSegment} (already percent-encoded) appended as a last path segment if not null. */
    Fetched get(String url, String encodedSegment, int maxBytes) throws FetchFailed {
        HttpUrl parsed = parse(url);
        if (encodedSegment != null) {
            parsed = parsed.newBuilder().addEncodedPathSegment(encodedSegment).build();
        }
        return execute(new Request.Builder().url(parsed).get(), maxBytes);
    }

    private static HttpUrl parse(String url) throws FetchFailed {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new FetchFailed("'" + url + "' is not an http:// or https:// URL", 0);
        }
        return parsed;
    }

    private Fetched execute(Request.Builder request, int maxBytes) throws FetchFailed {
        long start = System.nanoTime();
        request.header("User-Agent", "tls-doctor/" + Version.get());
        try (Response response = client.newCall(request.build()).execute()) {
            String contentType = response.header("Content-Type");
            ResponseBody body = response.body();
            if (response.code() != 200 || body == null) {
                return new Fetched(response.code(), contentType, null, false, millisSince(start));
            }
            if (body.contentLength() > maxBytes) {
                return new Fetched(200, contentType, null, true, millisSince(start));
            }
            byte[] bytes;
            try (InputStream in = body.byteStream()) {
                bytes = in.readNBytes(maxBytes + 1);
            }
            boolean tooLarge = bytes.length > maxBytes;
            return new Fetched(200, contentType, tooLarge ? null : bytes, tooLarge, millisSince(start));
        } catch (IOException e) {
            long elapsed = millisSince(start);
            throw new FetchFailed(describe(e, elapsed), elapsed);
        }
    }

    private String describe(IOException e, long elapsedMillis) {
        if (e instanceof InterruptedIOException || elapsedMillis >= timeout.toMillis()) {
            return "no complete answer within " + Durations.words(timeout);
        }
        if (e instanceof UnknownHostException) {
            return "unknown host (" + e.getMessage() + ")";
        }
        if (e instanceof SSLException) {
            return "TLS failure: " + e.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("Connection refused")) {
                return "connection refused";
            }
        }
        return (e instanceof ConnectException ? "cannot connect: " : "request failed: ") + e.getMessage();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
