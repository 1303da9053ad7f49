package dev.tlsdoctor.probe;

import dev.tlsdoctor.certs.Hostnames;
import dev.tlsdoctor.common.Durations;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Probes one endpoint in one mode, within the timeout, and says what it saw as a {@link ProbeResult}.
 * Never throws and never hangs: every failure is an outcome.
 */
public final class Prober {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Alerts by which a server refuses a client certificate (after it has shown us its own). */
    static final Set<String> CLIENT_CERT_ALERTS = Set.of("bad_certificate", "unsupported_certificate", "certificate_revoked",
            "certificate_expired", "certificate_unknown", "unknown_ca", "access_denied", "certificate_required", "decrypt_error", "handshake_failure");
    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    /** How long to wait after a TLS 1.3 handshake for the server's verdict on our certificate (it comes as an alert on the first read). */
    private static final int SETTLE_MILLIS = 200;
    private static final ExecutorService DNS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tls-doctor-dns");
        t.setDaemon(true);
        return t;
    });

    private final ProbeSettings settings;

    public Prober(ProbeSettings settings) {
        this.settings = settings;
    }

    public ProbeResult probe(Endpoint endpoint, ProbeMode mode) {
        return probe(endpoint, mode, System.nanoTime());
    }

    /** A probe whose timeout counts from {@code startNanos}: when it was asked for, though a thread may pick it up a little later. */
    ProbeResult probe(Endpoint endpoint, ProbeMode mode, long startNanos) {
        return new Attempt(endpoint, mode, startNanos).run();
    }

    /** The name the certificate must match and SNI carries: --sni, else the host dialled. */
    String serverName(Endpoint endpoint) {
        return settings.sni() != null ? settings.sni() : endpoint.host();
    }

    /** One probe's state: the deadline, what was recorded, where it got to. */
    private final class Attempt {
        private final Endpoint endpoint;
        private final ProbeMode mode;
        private final Deadline deadline;
        private final long start;
        private final HandshakeRecorder recorder = new HandshakeRecorder(settings.identity());
        private String step = "dns";
        private String protocol;
        private String cipher;
        private ProbeResult.SqlLogin login;
        private String alert;
        private TappedSocket socket;
        private InetSocketAddress address;

        Attempt(Endpoint endpoint, ProbeMode mode, long startNanos) {
            this.endpoint = endpoint;
            this.mode = mode;
            this.start = startNanos;
            this.deadline = new Deadline(settings.timeout(), startNanos);
        }

        @SuppressWarnings("try") // the deadline guard works by being closed, not referenced
        ProbeResult run() {
            InetAddress[] addresses;
            try {
                addresses = resolve();
            } catch (UnknownHostException e) {
                return result(ProbeOutcome.UNREACHABLE, "the name " + endpoint.host() + " does not resolve (DNS)");
            } catch (TimeoutException e) {
                return result(ProbeOutcome.TIMEOUT, "the DNS lookup of " + endpoint.host() + " did not answer within " + seconds());
            }
            step = "connect";
            ProbeResult failed = connect(addresses);
            if (failed != null) {
                return failed;
            }
            ProbeResult outcome;
            try (TappedSocket s = socket; Closeable guard = deadline.guard(s)) {
                outcome = converse();
            } catch (IOException e) {
                outcome = failure(e);
            }
            return withLegacyCheck(outcome);
        }

        private InetAddress[] resolve() throws UnknownHostException, TimeoutException {
            if (Hostnames.isIpLiteral(endpoint.host())) {
                return InetAddress.getAllByName(endpoint.host()); // a literal: parsed, no lookup
            }
            Future<InetAddress[]> lookup = DNS.submit(() -> InetAddress.getAllByName(endpoint.host()));
            try {
                return lookup.get(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof UnknownHostException u ? u : new UnknownHostException(endpoint.host());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException();
            }
        }

        /** Connects to the first address that answers; null on success, else the failure. */
        @SuppressWarnings("try") // the deadline guard works by being closed, not referenced
        private ProbeResult connect(InetAddress[] addresses) {
            IOException last = null;
            for (InetAddress candidate : addresses) {
                if (deadline.passed()) {
                    break;
                }
                TappedSocket s = new TappedSocket();
                InetSocketAddress target = new InetSocketAddress(candidate, endpoint.port());
                try (Closeable guard = deadline.guard(s)) {
                    s.connect(target, deadline.remainingMillis());
                    socket = s;
                    address = target;
                    return null;
                } catch (IOException e) {
                    last = e;
                    closeQuietly(s);
                }
            }
            if (last instanceof ConnectException && !deadline.passed()) {
                return result(ProbeOutcome.UNREACHABLE, "connection refused: nothing listens on " + endpoint + " (is the node running, and on this port?)");
            }
            if (last instanceof NoRouteToHostException) {
                return result(ProbeOutcome.UNREACHABLE, "no route to host " + endpoint.host() + " (host down or unreachable network)");
            }
            if (last == null || last instanceof SocketTimeoutException || deadline.passed()) {
                return result(ProbeOutcome.TIMEOUT, "the TCP connection to " + endpoint + " got no answer within " + seconds()
                        + " (host down, or a firewall drops the packets)");
            }
            return result(ProbeOutcome.UNREACHABLE, "cannot connect to " + endpoint + ": " + last.getMessage());
        }

        /** SSLRequest (pgwire), handshake, then the login or the wait for a verdict on our certificate. */
        private ProbeResult converse() throws IOException {
            socket.setSoTimeout(deadline.remainingMillis());
            socket.setTcpNoDelay(true);
            if (mode == ProbeMode.PGWIRE) {
                ProbeResult refused = sslRequest();
                if (refused != null) {
                    return refused;
                }
            }
            step = "handshake";
            SSLSocket ssl = handshake();
            SSLSession session = ssl.getSession();
            protocol = session.getProtocol();
            cipher = session.getCipherSuite();
            String user = settings.loginUser();
            if (mode == ProbeMode.PGWIRE && user != null) {
                step = "sql-login";
                ssl.setSoTimeout(deadline.remainingMillis());
                OutputStream out = ssl.getOutputStream();
                out.write(PgWire.startup(user, settings.database()));
                out.flush();
                login = PgWire.readLoginAnswer(ssl.getInputStream(), user).judged(recorder.presented());
                if (login.accepted()) {
                    out.write(PgWire.terminate());
                    out.flush();
                    return result(ProbeOutcome.OK, "");
                }
                if (login.cause() == LoginCause.DATABASE_MISSING && login.authenticated()) {
                    return result(ProbeOutcome.OK, ""); // the certificate login worked; only the database named in it is missing
                }
                return result(ProbeOutcome.SQL_AUTH_FAILED, "the server refused the login as " + user);
            }
            if (recorder.requested()) {
                step = "after-handshake";
                ssl.setSoTimeout(Math.min(SETTLE_MILLIS, deadline.remainingMillis()));
                try {
                    if (ssl.getInputStream().read() < 0) {
                        return result(ProbeOutcome.CLIENT_CERT_REJECTED, "the server closed the connection right after the handshake, without an alert");
                    }
                } catch (SocketTimeoutException quiet) {
                    // no verdict within the settle time: the server kept the session, so it accepted us
                }
            }
            return result(ProbeOutcome.OK, "");
        }

        /** Sends the SSLRequest; null when the server answered 'S', else the outcome. */
        private ProbeResult sslRequest() throws IOException {
            step = "ssl-request";
            OutputStream out = socket.getOutputStream();
            out.write(PgWire.sslRequest());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int answer = in.read();
            if (answer == 'S') {
                socket.restartTap();
                return null;
            }
            if (answer == 'N') {
                return result(ProbeOutcome.INSECURE_NODE, "answered 'N' to the SSLRequest: the server runs without TLS");
            }
            if (answer < 0) {
                return result(ProbeOutcome.NOT_TLS, "closed the connection without answering the SSLRequest (not a PostgreSQL/CockroachDB SQL port?)");
            }
            if (answer == 'E') {
                try {
                    String message = PgWire.fields(PgWire.readBody(in, 'E')).getOrDefault('M', "");
                    return result(ProbeOutcome.NOT_TLS, "answered the SSLRequest with an error instead of 'S': " + message);
                } catch (IOException e) {
                    return result(ProbeOutcome.NOT_TLS, "answered the SSLRequest with 'E' followed by " + PeerBytes.describe(socket.firstBytes()));
                }
            }
            socket.setSoTimeout(Math.min(SETTLE_MILLIS, deadline.remainingMillis()));
            try {
                in.read(new byte[63]); // a little more, to say what it is
            } catch (IOException enough) {
                // what we have will do
            }
            String what = PeerBytes.describe(socket.firstBytes());
            return result(ProbeOutcome.NOT_TLS, "answered the SSLRequest with " + what + " instead of 'S' or 'N'"
                    + (answer == 0x15 || answer == 0x16 ? " (this port expects a direct TLS handshake: try --mode tls)" : ""));
        }

        private SSLSocket handshake() throws IOException {
            SSLContext context;
            try {
                context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[] {recorder.keyManager()}, new TrustManager[] {recorder.trustManager()}, null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no TLS implementation", e);
            }
            String name = serverName(endpoint);
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, name, endpoint.port(), true);
            SSLParameters params = ssl.getSSLParameters();
            params.setProtocols(PROTOCOLS);
            if (!Hostnames.isIpLiteral(name)) {
                try {
                    params.setServerNames(List.of(new SNIHostName(name)));
                } catch (IllegalArgumentException notSendable) {
                    params.setServerNames(List.of()); // e.g. an underscore in the name: no SNI, as Go would send none either
                }
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(deadline.remainingMillis());
            ssl.startHandshake();
            return ssl;
        }

        private ProbeResult failure(IOException e) {
            if (deadline.passed() || e instanceof SocketTimeoutException || e.getCause() instanceof SocketTimeoutException) {
                String got = switch (step) {
                    case "ssl-request" -> "no answer to the SSLRequest";
                    case "handshake" -> "the TLS handshake did not finish (" + socket.bytesReceived() + " bytes received)";
                    case "sql-login" -> "no answer to the SQL login";
                    default -> "no answer";
                };
                return result(ProbeOutcome.TIMEOUT, got + " within " + seconds());
            }
            alert = alertOf(e);
            if (alert != null && recorder.receivedServerCertificate() && recorder.requested() && CLIENT_CERT_ALERTS.contains(alert)) {
                return result(ProbeOutcome.CLIENT_CERT_REJECTED, "the server refused " + (recorder.presented() ? "our client certificate" : "to go on without a client certificate")
                        + " with the TLS alert " + alert);
            }
            String message = String.valueOf(e.getMessage());
            boolean closed = e instanceof EOFException || e.getCause() instanceof EOFException || message.contains("Remote host terminated")
                    || message.contains("Connection reset") || message.contains("Broken pipe");
            if (step.equals("ssl-request")) {
                return result(ProbeOutcome.NOT_TLS, "the connection failed before an answer to the SSLRequest: " + message);
            }
            if (!step.equals("handshake")) {
                if (closed && alert == null && recorder.presented()) {
                    return result(ProbeOutcome.CLIENT_CERT_REJECTED, "the server closed the connection after the handshake without a word: it did not accept our client certificate");
                }
                String reason = alert != null ? "the TLS alert " + alert : message;
                return result(step.equals("sql-login") ? ProbeOutcome.SQL_AUTH_FAILED : ProbeOutcome.HANDSHAKE_FAILED,
                        "the connection failed during the " + step + ": " + reason);
            }
            if (alert != null) {
                return result(ProbeOutcome.HANDSHAKE_FAILED, "the server refused the handshake with the TLS alert " + alert + alertHint(alert));
            }
            if (message.contains("Unsupported or unrecognized SSL message")) {
                return result(ProbeOutcome.NOT_TLS, "answered our TLS ClientHello with " + PeerBytes.describe(socket.firstBytes()));
            }
            if (message.contains("not accepted by client preferences")) {
                return result(ProbeOutcome.HANDSHAKE_FAILED, "the server chose a TLS version we do not accept (" + message
                        + "); we offered " + String.join(", ", PROTOCOLS));
            }
            if (closed && recorder.presented() && recorder.receivedServerCertificate()) {
                // OpenSSL-based servers (PostgreSQL) often close before we can read their alert: the certificate was the last thing they got
                return result(ProbeOutcome.CLIENT_CERT_REJECTED, "the server closed the connection as soon as it received our client certificate (it did not accept it)");
            }
            if (closed) {
                return result(ProbeOutcome.HANDSHAKE_FAILED, "the server closed the connection during the handshake"
                        + (socket.bytesReceived() == 0 ? " without answering our ClientHello" : " after sending " + socket.bytesReceived() + " bytes"));
            }
            // how much the peer got us to read: bounded by the JDK's handshake limits, however much it sends
            return result(ProbeOutcome.HANDSHAKE_FAILED, "the TLS handshake failed: " + message + " (" + socket.bytesReceived() + " bytes received)");
        }

        private static String alertHint(String alert) {
            return switch (alert) {
                case "protocol_version" -> ": it accepts none of the TLS versions we offered (" + String.join(", ", PROTOCOLS) + ")";
                case "handshake_failure", "insufficient_security" -> ": no cipher suite, group or signature algorithm in common with what we offered (TLS 1.3 and 1.2 with the JDK's default suites)";
                case "unrecognized_name" -> ": it does not serve the name we asked for (SNI)";
                case "no_application_protocol" -> ": it insists on an ALPN protocol we did not offer";
                default -> "";
            };
        }

        /** Outcomes after which we also ask whether the server would accept TLS 1.0/1.1. */
        private ProbeResult withLegacyCheck(ProbeResult r) {
            boolean spokeTls = r.reachedTls() || r.outcome() == ProbeOutcome.HANDSHAKE_FAILED && r.clientAuth() != null;
            if (!spokeTls || address == null || deadline.passed()) {
                return r;
            }
            String legacy = LegacyTlsHello.acceptedVersion(address, mode, Hostnames.isIpLiteral(serverName(endpoint)) ? null : serverName(endpoint), deadline);
            if (legacy == null) {
                return r;
            }
            String detail = r.outcome() == ProbeOutcome.HANDSHAKE_FAILED
                    ? r.detail() + "; offered only TLS 1.0/1.1 it answers with " + legacy + ", so it speaks only versions below TLS 1.2"
                    : r.detail();
            return r.withLegacyVersion(legacy, detail);
        }

        private ProbeResult result(ProbeOutcome outcome, String detail) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            boolean handshakeStarted = step.equals("handshake") || step.equals("after-handshake") || step.equals("sql-login");
            return new ProbeResult(endpoint, mode, serverName(endpoint), outcome, outcome == ProbeOutcome.OK ? null : step, detail,
                    protocol, cipher, millis, recorder.servedChain(), handshakeStarted ? recorder.clientAuth(alert) : null, login, null, false);
        }

        private String seconds() {
            return Durations.words(deadline.total());
        }
    }

    static String alertOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof IOException) {
                Matcher m = ALERT.matcher(String.valueOf(t.getMessage()));
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static void closeQuietly(java.net.Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a socket that failed to connect: nothing to do
        }
    }
}
