package dev.tlsdoctor.testing;

import dev.tlsdoctor.pki.Pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OCSP responder: openssl ocsp (Debian's openssl 3) decides and signs every answer from an
 * index.txt in openssl's CA database format ({@code V\t<expiry>\t\t<serial>\tunknown\t<subject>},
 * {@code R\t<expiry>\t<revoked>,<reason>\t…}), exactly as {@code openssl ocsp -index … -port …} would.
 * A serial not in the index is answered "unknown".
 *
 * <p>Why not {@code -port}: openssl 3.0 accepts only a port number there and listens on every
 * interface, and tests must stay on 127.0.0.1. So a loopback-only HTTP server receives the request
 * (POST body, or RFC 6960 GET path) and hands it to {@code openssl ocsp -reqin … -respout …}, the
 * same responder code without the listener.
 */
public final class OpensslOcspResponder implements AutoCloseable {
    private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private final List<String> command;
    private final LoopbackHttpServer server;
    private final AtomicInteger requestFiles = new AtomicInteger();

    /** Chooses how the responder for one CA signs; its database starts empty (see {@link #good}, {@link #revoked}). */
    public static final class Builder {
        private final Pki.Issued ca;
        private Pki.Issued signer;
        private boolean noCerts;
        private int validDays;

        private Builder(Pki.Issued ca) {
            this.ca = ca;
            this.signer = ca;
        }

        /** Sign with a delegated responder certificate (it should carry the OCSPSigning EKU) instead of the CA's own key. */
        public Builder signer(Pki.Issued responder) {
            this.signer = responder;
            return this;
        }

        /** {@code -resp_no_certs}: include no certificate in the answers. */
        public Builder noCerts() {
            this.noCerts = true;
            return this;
        }

        /** Answers valid for {@code days} (openssl -ndays) instead of five minutes: for answers kept as files. */
        public Builder validForDays(int days) {
            this.validDays = days;
            return this;
        }

        public OpensslOcspResponder start(Path dir) {
            try {
                Files.createDirectories(dir);
                ca.writeCert(dir.resolve("ca.pem"));
                signer.writeCert(dir.resolve("signer.pem"));
                Pki.writeKey(dir.resolve("signer.key"), signer.keyPem());
                Files.writeString(dir.resolve("index.txt"), "");
                Files.writeString(dir.resolve("index.txt.attr"), "unique_subject = no\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> command = new ArrayList<>(List.of("openssl", "ocsp", "-index", "index.txt", "-CA", "ca.pem",
                    "-rsigner", "signer.pem", "-rkey", "signer.key"));
            command.addAll(validDays > 0 ? List.of("-ndays", String.valueOf(validDays)) : List.of("-nmin", "5"));
            if (noCerts) {
                command.add("-resp_no_certs");
            }
            return new OpensslOcspResponder(dir, command);
        }
    }

    public static Builder forCa(Pki.Issued ca) {
        return new Builder(ca);
    }

    private OpensslOcspResponder(Path dir, List<String> command) {
        this.dir = dir;
        this.command = command;
        this.server = LoopbackHttpServer.start(this::answer);
    }

    /** Adds a valid ("V") entry for {@code cert} to the database; openssl reads it on the next request. */
    public OpensslOcspResponder good(Pki.Issued cert) {
        return addToIndex("V", INDEX_TIME.format(cert.cert().getNotAfter().toInstant()), "", cert);
    }

    /** Adds a revoked ("R") entry; {@code reason} as openssl writes it: keyCompromise, CACompromise, superseded, … */
    public OpensslOcspResponder revoked(Pki.Issued cert, Instant when, String reason) {
        return addToIndex("R", INDEX_TIME.format(cert.cert().getNotAfter().toInstant()), INDEX_TIME.format(when) + "," + reason, cert);
    }

    private synchronized OpensslOcspResponder addToIndex(String status, String expiry, String revocation, Pki.Issued cert) {
        String line = String.join("\t", status, expiry, revocation, serial(cert), "unknown", subject(cert)) + "\n";
        try {
            Files.writeString(dir.resolve("index.txt"), line, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The responder's URL, for certificates' AIA. */
    public String url() {
        return server.url("/");
    }

    /** Requests answered so far. */
    public int requests() {
        return server.requests();
    }

    private LoopbackHttpServer.Reply answer(String method, String rawPath, byte[] body) throws IOException {
        byte[] request = method.equals("GET")
                ? Base64.getDecoder().decode(URLDecoder.decode(rawPath.substring(rawPath.lastIndexOf('/') + 1), StandardCharsets.US_ASCII))
                : body;
        int n = requestFiles.incrementAndGet();
        Path in = dir.resolve("req" + n + ".der");
        Path out = dir.resolve("resp" + n + ".der");
        Files.write(in, request);
        List<String> run = new ArrayList<>(command);
        run.addAll(List.of("-reqin", in.getFileName().toString(), "-respout", out.getFileName().toString()));
        Process openssl = new ProcessBuilder(run).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl" + n + ".log").toFile()).start();
        try {
            if (!openssl.waitFor(20, TimeUnit.SECONDS)) {
                openssl.destroyForcibly();
                return new LoopbackHttpServer.Reply(500, "text/plain", "openssl ocsp timed out".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (InterruptedException e) {
            openssl.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (openssl.exitValue() != 0 || !Files.exists(out)) {
            return new LoopbackHttpServer.Reply(500, "text/plain", Files.readAllBytes(dir.resolve("openssl" + n + ".log")));
        }
        return new LoopbackHttpServer.Reply(200, "application/ocsp-response", Files.readAllBytes(out));
    }

    /** Stops answering: connections are refused from now on. */
    @Override
    public void close() {
        server.close();
    }

    /** openssl's index serial: BN_bn2hex, upper-case hex in whole bytes. */
    private static String serial(Pki.Issued cert) {
        String hex = cert.cert().getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private static String subject(Pki.Issued cert) {
        return "/" + String.join("/", reversed(cert.cert().getSubjectX500Principal().getName().split(",")));
    }

    private static List<String> reversed(String[] parts) {
        List<String> list = new ArrayList<>(List.of(parts));
        java.util.Collections.reverse(list);
        return list;
    }
}
