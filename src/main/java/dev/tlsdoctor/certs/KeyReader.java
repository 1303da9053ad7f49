package dev.tlsdoctor.certs;

/** Which kind of client program reads a private key file: they accept different formats (rule key-format). */
public enum KeyReader {
    /** libpq (psql, psycopg), cockroach sql, Go, Node.js: PEM only (PKCS#1, PKCS#8, SEC1). */
    PEM_CLIENTS("libpq (psql, psycopg), cockroach sql, Go and Node.js clients"),
    /** The PostgreSQL JDBC driver and what is built on it (DBeaver): PKCS#8 DER (.pk8) or PKCS#12. */
    JDBC("the PostgreSQL JDBC driver (and DBeaver, other Java clients)");

    private final String description;

    KeyReader(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
