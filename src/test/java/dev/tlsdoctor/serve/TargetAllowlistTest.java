package dev.tlsdoctor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tlsdoctor.probe.Endpoint;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetAllowlistTest {
    private static final TargetAllowlist ALLOW = TargetAllowlist.of(List.of("127.0.0.1:*", "*.crdb.internal:26257", "[::1]:8080", "DB-*.Example.com:*"));

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:26257, true",
        "127.0.0.1:1, true",
        "127.0.0.2:26257, false",
        "n1.crdb.internal:26257, true",
        "a.b.crdb.internal:26257, true",
        "crdb.internal:26257, false",
        "n1.crdb.internal:8080, false",
        "n1.crdb.internal.evil.com:26257, false",
        "[::1]:8080, true",
        "[::1]:26257, false",
        "db-7.example.com:443, true",
        "10.0.0.1:26257, false",
        "169.254.169.254:80, false",
    })
    void permitsOnlyWhatAPatternNames(String target, boolean permitted) {
        assertEquals(permitted, ALLOW.permits(Endpoint.parse(target, 26257)), target);
    }
}
