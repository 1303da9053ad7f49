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
    private static final Pattern DRIVER_FILE = Pattern.compile("Could not (?:open|read) SSL (?:root )?certificate file (.+?)\\.?$");
    private static final Pattern KEY_FILE = Pattern.compile("Could not read SSL key file (.+?)\\.?$");

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
            out.add(keyFile(subject, key, null));
        }
        Path cert = url.param("sslcert");
        if (cert != null && !Files.isReadable(cert)) {
            out.add(new UnreadableFile(cert, "sslcert of " + subject + ": " + (Files.exists(cert) ? "permission denied" : "no such file")));
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

    /** Where the JDBC driver looks for the CA when the URL names none. */
    static Path defaultRootCert() {
        return Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
    }

    private static ClientKey keyFile(String subject, Path file, String driverError) {
        return ClientKey.read(file, "sslkey of " + subject, KeyReader.JDBC, driverError);
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
            Path file = Path.of(key.group(1));
            evidence.removeIf(o -> o instanceof ClientKey k && k.file().equals(file));
            evidence.add(keyFile(subject, file, message + causeText(e)));
            return;
        }
        Matcher file = DRIVER_FILE.matcher(message);
        if (file.find()) {
            Path path = Path.of(file.group(1));
            if (evidence.stream().noneMatch(o -> o instanceof UnreadableFile u && u.file().equals(path))) {
                evidence.add(new UnreadableFile(path, "the JDBC driver: " + message + causeText(e)));
            }
            return;
        }
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (server != null) {
            evidence.add(result(endpoint, url, ProbeOutcome.SQL_AUTH_FAILED, "sql-login", "the server refused the login as " + url.user(),
                    new ProbeResult.SqlLogin(url.user(), false, "an error", server.getSQLState(), server.getMessage(), server.getDetail(), server.getHint()), start));
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
