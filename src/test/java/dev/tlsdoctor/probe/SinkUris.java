package dev.tlsdoctor.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Changefeed sink URIs built the documented way: base64 of each PEM file, URL-encoded. */
final class SinkUris {
    private SinkUris() {}

    static String kafka(String broker, Path ca, Path cert, Path key) {
        return "kafka://" + broker + "?tls_enabled=true&topic_prefix=t_&ca_cert=" + encoded(ca) + "&client_cert=" + encoded(cert) + "&client_key=" + encoded(key);
    }

    static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String encoded(Path file) {
        return URLEncoder.encode(base64(file), StandardCharsets.UTF_8);
    }
}
