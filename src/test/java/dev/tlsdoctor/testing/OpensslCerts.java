package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made by the openssl command line, as the CockroachDB docs' openssl procedure makes them
 * ({@code openssl req} + {@code openssl ca}, the way samples/regenerate.sh does): certs dirs made by a
 * tool other than ours, so a repair is tested on files it did not write itself.
 */
public final class OpensslCerts {
    private static final String CONFIG = String.join("\n",
            "[ ca ]", "default_ca = test_ca", "[ test_ca ]", "database = $ENV::CA_DIR/index.txt", "new_certs_dir = $ENV::CA_DIR",
            "serial = $ENV::CA_DIR/serial", "default_md = sha256", "policy = anything", "email_in_dn = no", "copy_extensions = none",
            "unique_subject = no", "[ anything ]", "organizationName = optional", "commonName = supplied", "[ req ]", "distinguished_name = dn",
            "prompt = no", "[ dn ]", "O = Cockroach", "CN = Cockroach CA",
            "[ v3_ca ]", "basicConstraints = critical,CA:TRUE,pathlen:1", "keyUsage = critical,keyCertSign,cRLSign,digitalSignature",
            "subjectKeyIdentifier = hash",
            "[ node ]", "basicConstraints = CA:FALSE", "keyUsage = critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage = serverAuth,clientAuth", "subjectAltName = $ENV::SANS",
            "[ server_only ]", "basicConstraints = CA:FALSE", "keyUsage = critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage = serverAuth", "subjectAltName = $ENV::SANS",
            "[ no_sans ]", "basicConstraints = CA:FALSE", "keyUsage = critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage = serverAuth,clientAuth",
            "[ client ]", "basicConstraints = CA:FALSE", "keyUsage = critical,digitalSignature,keyEncipherment", "extendedKeyUsage = clientAuth", "");

    private final Path work;

    /** A working directory for CA keys and the openssl database (outside any certs dir). */
    public OpensslCerts(Path work) {
        this.work = work;
        try {
            Files.createDirectories(work);
            Files.writeString(work.resolve("openssl.cnf"), CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CA named {@code name} (its key at {@link #caKey}); CN as given. */
    public OpensslCerts ca(String name, String cn) {
        Path dir = work.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("index.txt"), "");
            Files.writeString(dir.resolve("serial"), "1000\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(null, null, "openssl", "req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("ca.key").toString(),
                "-out", dir.resolve("ca.crt").toString(), "-config", config(), "-extensions", "v3_ca", "-days", "3660", "-subj", "/O=Cockroach/CN=" + cn);
        return this;
    }

    public Path caCert(String name) {
        return work.resolve(name).resolve("ca.crt");
    }

    public Path caKey(String name) {
        return work.resolve(name).resolve("ca.key");
    }

    /**
     * Issues {@code out}.crt and {@code out}.key (mode 0600) with CA {@code ca}.
     *
     * @param extensions a section of the config: node, server_only, no_sans, client
     * @param options extra {@code openssl ca} options: {@code -startdate X -enddate Y}, {@code -days N}, {@code -md sha1}
     */
    public void issue(String ca, Path out, String cn, String extensions, String sans, int keyBits, String... options) {
        Path key = Path.of(out + ".key");
        Path csr = work.resolve("req.csr");
        run(null, null, "openssl", "req", "-new", "-newkey", "rsa:" + keyBits, "-nodes", "-config", config(), "-keyout", key.toString(),
                "-out", csr.toString(), "-subj", "/O=Cockroach/CN=" + cn);
        List<String> command = new ArrayList<>(List.of("openssl", "ca", "-batch", "-notext", "-config", config(), "-extensions", extensions,
                "-cert", caCert(ca).toString(), "-keyfile", caKey(ca).toString(), "-in", csr.toString(), "-out", out + ".crt"));
        command.addAll(options.length > 0 ? List.of(options) : List.of("-days", "1830"));
        run(work.resolve(ca), sans == null ? "DNS:localhost" : sans, command.toArray(String[]::new));
        try {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A healthy node certs dir: ca.crt, node (localhost, node1.example.com, 127.0.0.1), client.root. */
    public void healthyNode(String ca, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.copy(caCert(ca), dir.resolve("ca.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issue(ca, dir.resolve("node"), "node", "node", "DNS:localhost,DNS:node1.example.com,IP:127.0.0.1", 2048);
        issue(ca, dir.resolve("client.root"), "root", "client", null, 2048);
    }

    /** Runs openssl; fails the test with its error output when it fails. */
    public static String run(Path caDir, String sans, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (caDir != null) {
                pb.environment().put("CA_DIR", caDir.toString());
            }
            pb.environment().putIfAbsent("CA_DIR", "/nonexistent");
            pb.environment().put("SANS", sans != null ? sans : "DNS:localhost");
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String config() {
        return work.resolve("openssl.cnf").toString();
    }
}
