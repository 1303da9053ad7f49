package dev.tlsdoctor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small parsers behind the probe commands: endpoints, connection URLs (durations: common.DurationsTest). */
class ProbeInputsTest {
    @Test
    void endpointForms() {
        assertEquals(new Endpoint("node1", 26257), Endpoint.parse("node1", 26257));
        assertEquals(new Endpoint("node1", 8080), Endpoint.parse("Node1:8080", 26257));
        assertEquals(new Endpoint("::1", 26257), Endpoint.parse("[::1]:26257", 1));
        assertEquals(new Endpoint("::1", 5), Endpoint.parse("::1", 5));
        assertEquals(new Endpoint("fe80::1", 9), Endpoint.parse("[fe80::1]", 9));
        assertEquals("[::1]:26257", Endpoint.parse("[::1]:26257", 1).toString());
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("host:0", 1));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("[::1", 1));
        assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(":26257", 1));
    }

    @Test
    void cockroachConnectionUrl() {
        PgUrl url = PgUrl.parse("postgresql://root:p%40ss@node1:26257,node2:26257/defaultdb?sslmode=verify-full&sslrootcert=certs/ca.crt&sslpassword=k3y");
        assertEquals(List.of(new Endpoint("node1", 26257), new Endpoint("node2", 26257)), url.hosts());
        assertEquals("root", url.user());
        assertEquals("p@ss", url.password());
        assertEquals("defaultdb", url.database());
        assertEquals("jdbc:postgresql://node1:26257,node2:26257/defaultdb", url.jdbcUrl());
        assertTrue(url.verifiesCertificate());
        String shown = url.display();
        assertFalse(shown.contains("p%40ss") || shown.contains("k3y"), shown);
        assertTrue(shown.startsWith("postgresql://root:***@node1:26257"), shown);
    }

    @Test
    void jdbcUrlIsPassedAsWritten() {
        PgUrl url = PgUrl.parse("jdbc:postgresql://localhost/db?user=app&password=hunter22");
        assertEquals(new Endpoint("localhost", 5432), url.hosts().get(0));
        assertEquals("app", url.user());
        assertEquals("hunter22", url.password());
        assertEquals(url.text(), url.jdbcUrl());
        assertFalse(url.display().contains("hunter22"));
        assertEquals("prefer", url.sslmode());
        assertThrows(IllegalArgumentException.class, () -> PgUrl.parse("mysql://x"));
    }
}
