package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.ClientKey;
import dev.tlsdoctor.certs.KeyReader;
import dev.tlsdoctor.certs.UnreadableFile;
import dev.tlsdoctor.common.Evidence;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Connects with the PostgreSQL JDBC driver exactly as a Java application would (the URL's sslmode,
 * sslrootcert, sslcert, sslkey), and turns what happens into evidence: a {@link ProbeResult} in
 * {@link ProbeMode#JDBC} mode, plus the files the driver is told to read, judged as the driver reads them.
 */
public final class JdbcConnect {
    private static final Pattern DRIVER_FILE = Pattern.compile("Could not (?:open|read) SSL (?:root )?certificate file (.+?)\\.?$"
            + "|Loading the SSL (?:root )?certificate (.+?) into a (?:KeyManager|TrustManager) failed");
    /** The driver could not load the key (unreadable, a format it does not read, encrypted without sslpassword); some messages name no file. */
    private static final Pattern KEY_FILE = Pattern.compile(
            "Could not (?:read|decrypt) SSL key file (.+?)\\.?$|Could not read password for SSL key file|Could not find a java cryptographic algorithm");
    private static final Pattern PASSWORD_REQUEST = Pattern.compile("The server requested (SCRAM-based|password-based) authentication, but no password was provided");
    /**
     * The driver logs through java.util.logging, at SEVERE for a refused host name; its reasons reach us
     * in its exceptions, so its log stays out of the terminal. Held here: the logging framework keeps loggers weakly.
     */
    private static final Logger DRIVER_LOG = Logger.getLogger("org.postgresql");

    static {
        DRIVER_LOG.setLevel(Level.OFF);
        DRIVER_LOG.setUseParentHandlers(false);
    }

    private JdbcConnect() {}

    public static String driverName() {
        return "PostgreSQL JDBC driver " + org.postgresql.util.DriverInfo.DRIVER_VERSION;
    }

    /** The evidence of one connection attempt: the URL's files, then the attempt itself. */
    public static List<Evidence> attempt(PgUrl url, Duration timeout) {
        Endpoint endpoint = url.hosts().get(0);
        String subject = ProbeResult.subject(endpoint, ProbeMode.JDBC.label());
        List<Evidence> evidence = new ArrayList<>(files(url, subject));
        long start = System.nanoTime();
        try (Connection connection = new org.postgresql.Driver().connect(url.jdbcUrl(), properties(url, timeout))) {
            String server = connection.getMetaData().getDatabaseProductVersion();
            evidence.add(result(endpoint, url, ProbeOutcome.OK, null, "connected as " + connection.getMetaData().getUserName() + " (server " + server + ")", null, start));
        } catch (SQLException e) {
            classify(e, endpoint, url, subject, evidence, start);
        }
        return evidence;
    }

    /** The URL's key and certificate files, read the way the driver reads them. */
    static List<Evidence> files(PgUrl url, String subject) {
        List<Evidence> out = new ArrayList<>();
        Path key = url.param("sslkey");
        if (key != null) {
            out.add(Files.isReadable(key) ? keyFile(url, subject, key, null) : unreadable(key, "sslkey of " + subject));
        }
        Path cert = url.param("sslcert");
        if (cert != null && !Files.isReadable(cert)) {
            out.add(unreadable(cert, "sslcert of " + subject));
        }
        if (url.verifiesCertificate()) {
            Path root = url.param("sslrootcert");
            Path effective = root != null ? root : defaultRootCert();
            if (!Files.isReadable(effective)) {
                out.add(new UnreadableFile(effective, (root != null ? "sslrootcert" : "the JDBC driver's default sslrootcert (the URL names none)")
                        + " of " + subject + ": " + (Files.exists(effective) ? "permission denied" : "no such file")
                        + "; with sslmode=" + url.sslmode() + " the driver needs it to verify the server"));
            }
        }
        return out;
    }

    /** A file the driver is told to read that is not there or not readable: no format advice applies. */
    private static UnreadableFile unreadable(Path file, String use) {
        return new UnreadableFile(file, use + ": " + (Files.exists(file) ? "permission denied" : "no such file"));
    }

    /** Where the JDBC driver looks for the CA when the URL names none. */
    static Path defaultRootCert() {
        return defaultFile("root.crt");
    }

    private static ClientKey keyFile(PgUrl url, String subject, Path file, String driverError) {
        return ClientKey.read(file, "sslkey of " + subject, KeyReader.JDBC, driverError, url.params().get("sslpassword"));
    }

    private static Properties properties(PgUrl url, Duration timeout) {
        Properties props = new Properties();
        if (!url.jdbc()) {
            props.putAll(url.params());
            if (url.user() != null) {
                props.setProperty("user", url.user());
            }
            if (url.password() != null) {
                props.setProperty("password", url.password());
            }
        }
        // Our bound on the attempt; the URL's own values win (the driver prefers URL parameters to properties).
        String seconds = String.valueOf(Math.max(1, (timeout.toMillis() + 999) / 1000));
        for (String name : List.of("connectTimeout", "socketTimeout", "loginTimeout")) {
            props.putIfAbsent(name, seconds);
        }
        props.putIfAbsent("ApplicationName", "tls-doctor connect");
        return props;
    }

    private static void classify(SQLException e, Endpoint endpoint, PgUrl url, String subject, List<Evidence> evidence, long start) {
        String message = String.valueOf(e.getMessage());
        Matcher key = KEY_FILE.matcher(message);
        if (key.find()) {
            Path file = key.group(1) != null ? Path.of(key.group(1)) : url.param("sslkey");
            if (file != null && Files.isReadable(file)) {
                evidence.removeIf(o -> o instanceof ClientKey k && k.file().equals(file));
                evidence.add(keyFile(url, subject, file, message + causeText(e)));
            }
            evidence.add(result(endpoint, url, ProbeOutcome.CLIENT_SETUP_FAILED, "handshake", "the driver could not use its key, so it did not connect: "
                    + message + causeText(e), null, start));
            return;
        }
        Matcher file = DRIVER_FILE.matcher(message);
        if (file.find()) {
            Path path = Path.of(file.group(1) != null ? file.group(1) : file.group(2));
            if (evidence.stream().noneMatch(o -> o instanceof UnreadableFile u && u.file().equals(path))) {
                evidence.add(new UnreadableFile(path, "the JDBC driver: " + message + causeText(e)));
            }
            evidence.add(result(endpoint, url, ProbeOutcome.CLIENT_SETUP_FAILED, "handshake", "the driver could not use " + path + ", so it did not connect: "
                    + message + causeText(e), null, start));
            return;
        }
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        Matcher password = PASSWORD_REQUEST.matcher(message);
        if (server != null || password.find()) {
            ProbeResult.SqlLogin login = server != null
                    ? new ProbeResult.SqlLogin(url.user(), false, "an error", server.getSQLState(), server.getMessage(), server.getDetail(), server.getHint(), null)
                    : new ProbeResult.SqlLogin(url.user(), false, "a password (" + password.group(1) + ")", null, null, null, null, null);
            Path certificate = clientCertificate(url);
            login = login.judged(certificate != null);
            String detail = "the server refused the login as " + url.user();
            if (login.cause() == LoginCause.CERT_NOT_SENT || login.cause() == LoginCause.PASSWORD_REQUIRED) {
                detail += certificate != null ? " (the driver had the certificate " + certificate + " to send)" : " (" + noCertificate(url) + ")";
            }
            evidence.add(result(endpoint, url, ProbeOutcome.SQL_AUTH_FAILED, "sql-login", detail, login, start));
            return;
        }
        Throwable root = rootCause(e);
        String alert = Prober.alertOf(e);
        ProbeOutcome outcome;
        String step = "handshake";
        if (root instanceof UnknownHostException) {
            outcome = ProbeOutcome.UNREACHABLE;
            step = "dns";
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            outcome = ProbeOutcome.UNREACHABLE;
            step = "connect";
        } else if (root instanceof SocketTimeoutException || message.contains("timed out")) {
            outcome = ProbeOutcome.TIMEOUT;
        } else if (message.contains("does not support SSL")) {
            outcome = ProbeOutcome.INSECURE_NODE;
            step = "ssl-request";
        } else if (alert != null) {
            // handshake_failure may also be a cipher mismatch; the driver does not tell us whether it had the server's certificate
            outcome = Prober.CLIENT_CERT_ALERTS.contains(alert) && !alert.equals("handshake_failure") ? ProbeOutcome.CLIENT_CERT_REJECTED : ProbeOutcome.HANDSHAKE_FAILED;
        } else if (hasCause(e, CertificateException.class) || message.contains("PKIX") || message.toLowerCase(Locale.ROOT).contains("hostname")) {
            outcome = ProbeOutcome.SERVER_CERT_REJECTED;
        } else if (hasCause(e, SSLException.class)) {
            outcome = ProbeOutcome.HANDSHAKE_FAILED;
        } else {
            outcome = ProbeOutcome.HANDSHAKE_FAILED;
            step = "connect";
        }
        String what = outcome == ProbeOutcome.SERVER_CERT_REJECTED ? "the driver refused the server's certificate: " : "the driver failed: ";
        evidence.add(result(endpoint, url, outcome, step, what + message + causeText(e), null, start));
    }

    /** The client certificate the driver sends, as it looks for one (sslcert, else ~/.postgresql/postgresql.crt with its .pk8), or null. */
    private static Path clientCertificate(PgUrl url) {
        Path cert = url.param("sslcert") != null ? url.param("sslcert") : defaultFile("postgresql.crt");
        Path key = url.param("sslkey") != null ? url.param("sslkey") : defaultFile("postgresql.pk8");
        return Files.isReadable(cert) && Files.isReadable(key) ? cert : null;
    }

    private static String noCertificate(PgUrl url) {
        Path cert = url.param("sslcert");
        if (cert == null) {
            return "the URL names no sslcert, and the driver's default " + defaultFile("postgresql.crt") + " is not there: it sent no certificate";
        }
        Path key = url.param("sslkey") != null ? url.param("sslkey") : defaultFile("postgresql.pk8");
        return (Files.isReadable(cert) ? key : cert) + " cannot be read, so the driver sent no certificate";
    }

    private static Path defaultFile(String name) {
        return Path.of(System.getProperty("user.home"), ".postgresql", name);
    }

    private static ProbeResult result(Endpoint endpoint, PgUrl url, ProbeOutcome outcome, String step, String detail, ProbeResult.SqlLogin login, long start) {
        return ProbeResult.withoutSession(endpoint, ProbeMode.JDBC, endpoint.host(), outcome, step, detail,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), login);
    }

    private static String causeText(Throwable e) {
        Throwable root = rootCause(e);
        return root == e || root.getMessage() == null || String.valueOf(e.getMessage()).contains(root.getMessage()) ? "" : " (" + root.getMessage() + ")";
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
