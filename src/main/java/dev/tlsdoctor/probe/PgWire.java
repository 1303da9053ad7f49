package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.OneLine;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few PostgreSQL wire-protocol (v3) messages a probe needs: SSLRequest, StartupMessage and the
 * server's answers up to the authentication verdict. CockroachDB speaks the same protocol on 26257.
 * The client side lives here; only the protocol's codes and its C-string encoding are public, for the
 * demo node ({@code dev.tlsdoctor.demo.DemoNode}), which plays the server side of the same handshake.
 */
public final class PgWire {
    /** The SSLRequest code: 1234 in the high 16 bits, 5679 in the low. */
    public static final int SSL_REQUEST_CODE = 80877103;
    /** Protocol 3.0. */
    public static final int PROTOCOL_3_0 = 196608;
    /** Far above any real authentication message; a larger length means the peer is not speaking pgwire. */
    private static final int MAX_MESSAGE = 64 * 1024;

    private PgWire() {}

    static byte[] sslRequest() {
        return ByteBuffer.allocate(8).putInt(8).putInt(SSL_REQUEST_CODE).array();
    }

    /** A StartupMessage for {@code user} (and {@code database} unless null). */
    static byte[] startup(String user, String database) {
        ByteArrayOutputStream params = new ByteArrayOutputStream();
        cstring(params, "user");
        cstring(params, user);
        if (database != null) {
            cstring(params, "database");
            cstring(params, database);
        }
        cstring(params, "application_name");
        cstring(params, "tls-doctor");
        params.write(0);
        byte[] body = params.toByteArray();
        return ByteBuffer.allocate(8 + body.length).putInt(8 + body.length).putInt(PROTOCOL_3_0).put(body).array();
    }

    /** Terminate ('X'): a polite goodbye after a successful login. */
    static byte[] terminate() {
        return ByteBuffer.allocate(5).put((byte) 'X').putInt(4).array();
    }

    /**
     * Reads the server's answer to a StartupMessage up to the verdict: accepted once the server is
     * ready for queries (an error after AuthenticationOk, such as a missing role or database, is a refusal too).
     */
    static ProbeResult.SqlLogin readLoginAnswer(InputStream stream, String user) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        boolean authenticated = false;
        while (true) {
            int type = in.read();
            if (type < 0) {
                throw new EOFException("the server closed the connection without answering the login");
            }
            byte[] body = readBody(in, (char) type);
            switch (type) {
                case 'R' -> {
                    int code = body.length >= 4 ? ByteBuffer.wrap(body).getInt() : -1;
                    if (code != 0) {
                        return new ProbeResult.SqlLogin(user, false, authRequest(code, body), null, null, null, null, null);
                    }
                    authenticated = true;
                }
                case 'E' -> {
                    Map<Character, String> fields = fields(body);
                    return new ProbeResult.SqlLogin(user, false, authenticated ? "AuthenticationOk, then an error" : "an error",
                            fields.get('C'), fields.get('M'), fields.get('D'), fields.get('H'), null);
                }
                case 'Z' -> {
                    return new ProbeResult.SqlLogin(user, authenticated, authenticated ? "ready for queries" : "ready without authentication", null, null, null, null, null);
                }
                case 'N', 'S', 'K' -> { } // notices, parameter status, the cancel key: read on to the verdict
                default -> throw new IOException("unexpected message type '" + printable(type) + "' in answer to the login (not a PostgreSQL/CockroachDB server?)");
            }
        }
    }

    /** The body of a message whose type byte was just read (length-prefixed, length includes itself). */
    static byte[] readBody(DataInputStream in, char type) throws IOException {
        int length = in.readInt();
        if (length < 4 || length > MAX_MESSAGE) {
            throw new IOException("message '" + printable(type) + "' claims " + length + " bytes (not a PostgreSQL/CockroachDB server?)");
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return body;
    }

    /** The fields of an ErrorResponse or NoticeResponse, by field type (S, C, M, D, H, …). */
    static Map<Character, String> fields(byte[] body) {
        Map<Character, String> fields = new LinkedHashMap<>();
        int i = 0;
        while (i < body.length && body[i] != 0) {
            char type = (char) body[i++];
            int end = i;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            fields.put(type, OneLine.of(new String(body, i, end - i, StandardCharsets.UTF_8))); // the server's words, shown on one line
            i = end + 1;
        }
        return fields;
    }

    private static String authRequest(int code, byte[] body) {
        return switch (code) {
            case 3 -> "a cleartext password";
            case 5 -> "an MD5 password";
            case 7 -> "GSSAPI authentication";
            case 9 -> "SSPI authentication";
            case 10 -> "a password (" + new String(body, 4, Math.max(0, body.length - 6), StandardCharsets.UTF_8).replace('\0', ' ').strip() + ")";
            default -> "authentication method " + code;
        };
    }

    /** A C string, as pgwire writes every string: UTF-8, then a zero byte. */
    public static void cstring(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private static String printable(int b) {
        return b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("0x%02x", b);
    }
}
