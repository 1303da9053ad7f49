package dev.tlsdoctor.probe;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an endpoint is dialled. */
public enum ProbeMode {
    /** PostgreSQL wire protocol: the 8-byte SSLRequest, the server's 'S', then TLS on the same socket (SQL clients). */
    PGWIRE("pgwire"),
    /** A direct TLS handshake (inter-node RPC on 26257, the DB Console, Kafka brokers). */
    TLS("tls"),
    /** The PostgreSQL JDBC driver, as a Java application connects ({@code tls-doctor connect}). */
    JDBC("jdbc");

    private final String label;

    ProbeMode(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
