package dev.tlsdoctor.probe;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Whether a server still agrees to TLS 1.0 or 1.1. The JDK cannot ask: its {@code jdk.tls.disabledAlgorithms}
 * refuses those versions before anything is sent ("No appropriate protocol"), and lifting that is a
 * process-wide security setting we will not change. So we send a minimal TLS 1.1 ClientHello ourselves
 * and read only the version in the server's first answer; no session is ever established.
 */
final class LegacyTlsHello {
    /** ECDHE/DHE/RSA key exchange with AES-CBC and 3DES: what TLS 1.0/1.1 servers offer. */
    private static final int[] SUITES = {0xc013, 0xc014, 0xc009, 0xc00a, 0x0033, 0x0039, 0x002f, 0x0035, 0x000a, 0x00ff};
    private static final int MAX_RECORD = 16 * 1024 + 2048;

    private LegacyTlsHello() {}

    /** The version below TLS 1.2 the server chose ("TLSv1", "TLSv1.1"), or null when it refused or did not answer in time. */
    @SuppressWarnings("try") // the deadline guard works by being closed, not referenced
    static String acceptedVersion(InetSocketAddress address, ProbeMode mode, String sni, Deadline deadline) {
        try (Socket socket = new Socket(); Closeable guard = deadline.guard(socket)) {
            socket.connect(address, deadline.remainingMillis());
            socket.setSoTimeout(deadline.remainingMillis());
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (mode == ProbeMode.PGWIRE) {
                out.write(PgWire.sslRequest());
                out.flush();
                if (in.read() != 'S') {
                    return null;
                }
            }
            out.write(clientHello(sni));
            out.flush();
            int type = in.readUnsignedByte();
            in.readUnsignedShort(); // record version: servers vary; the ServerHello's version is what counts
            int length = in.readUnsignedShort();
            if (type != 0x16 || length < 6 || length > MAX_RECORD) {
                return null; // an alert (protocol_version, handshake_failure) or something else: not accepted
            }
            byte[] body = new byte[length];
            in.readFully(body);
            if (body[0] != 0x02) {
                return null;
            }
            return switch (((body[4] & 0xff) << 8) | (body[5] & 0xff)) {
                case 0x0300 -> "SSLv3";
                case 0x0301 -> "TLSv1";
                case 0x0302 -> "TLSv1.1";
                default -> null;
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static byte[] clientHello(String sni) {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        hello.write(0x03);
        hello.write(0x02); // client_version TLS 1.1: the server answers with the highest version <= 1.1 it accepts
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        hello.writeBytes(random);
        hello.write(0); // no session id
        u16(hello, SUITES.length * 2);
        for (int suite : SUITES) {
            u16(hello, suite);
        }
        hello.write(1);
        hello.write(0); // compression: null only
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (sni != null) {
            byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
            u16(ext, 0x0000);
            u16(ext, name.length + 5);
            u16(ext, name.length + 3);
            ext.write(0);
            u16(ext, name.length);
            ext.writeBytes(name);
        }
        u16(ext, 0x000a); // supported_groups: x25519, secp256r1, secp384r1
        u16(ext, 8);
        u16(ext, 6);
        u16(ext, 0x001d);
        u16(ext, 0x0017);
        u16(ext, 0x0018);
        u16(ext, 0x000b); // ec_point_formats: uncompressed
        u16(ext, 2);
        ext.write(1);
        ext.write(0);
        u16(hello, ext.size());
        hello.writeBytes(ext.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        record.write(0x03);
        record.write(0x01);
        u16(record, hello.size() + 4);
        record.write(0x01); // ClientHello
        record.write(0);
        u16(record, hello.size());
        record.writeBytes(hello.toByteArray());
        return record.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }
}
