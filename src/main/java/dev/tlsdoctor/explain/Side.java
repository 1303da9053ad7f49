package dev.tlsdoctor.explain;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFileName;
import dev.tlsdoctor.certs.CertRole;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whose certificate a recognised message is about. A side that verified its peer's certificate and
 * failed ("certificate verify failed", "x509: …", "PKIX path building failed") names the peer's
 * certificate; a side that received a TLS alert ("remote error: tls: bad certificate", "Received fatal
 * alert", "sslv3 alert …") names its own. A client's message is thus about the server's certificate
 * when it verified and about its own when it got an alert; a node's log line ("TLS handshake error
 * from &lt;client&gt;: …") the other way round. Only certificates of that side can confirm a cause.
 */
public enum Side {
    /** The client rejected the server's (node's, DB Console's) certificate, or the server's own was refused. */
    SERVER_CERTIFICATE,
    /** The server rejected the client's certificate. */
    CLIENT_CERTIFICATE,
    /** Not a verification failure, or nothing tells which side: certificates of both sides may be at fault. */
    EITHER;

    private static final Pattern ALERT_RECEIVED = Pattern.compile(
            "remote error: tls:|Received fatal alert|(?:sslv3|tlsv1|tlsv13) alert|SSL alert number|alert (?:bad certificate|unknown ca|certificate)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern VERIFIED = Pattern.compile(
            "certificate verify failed|CERTIFICATE_VERIFY_FAILED|failed to verify certificate|x509: |PKIX|CertPathValidatorException"
                    + "|CertificateExpiredException|CertificateNotYetValidException|verify error:num=|unable to get (?:local )?issuer certificate"
                    + "|unable to verify the first certificate|self[- ]signed certificate|certificate has expired|certificate is not yet valid"
                    + "|certificate revoked|has been revoked|CERT_[A-Z_]{2,40}|un(?:supported|suitable) certificate purpose|key usage"
                    + "|does not match host name|mismatch, certificate is not valid|altnames|subject alternative|too weak",
            Pattern.CASE_INSENSITIVE);
    /** A CockroachDB node's log line: its header (I250301 10:00:00.123456 …) or Go's TLS server error line. */
    private static final Pattern NODE_LOG = Pattern.compile(
            "handshake error from|(?:^|\\s)[IWEF]\\d{6} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} ");
    /** How far before a message its log header may be (the header, file:line, tags). */
    private static final int HEADER_REACH = 300;

    /**
     * @param view the paste as matched
     * @param start where the message starts in it
     * @param message the recognised message
     */
    static Side of(String view, int start, String message) {
        boolean alert = ALERT_RECEIVED.matcher(message).find();
        if (!alert && !VERIFIED.matcher(message).find()) {
            return EITHER;
        }
        String before = view.substring(Math.max(0, start - HEADER_REACH), start);
        boolean nodeLog = NODE_LOG.matcher(before).find() || NODE_LOG.matcher(message).find();
        return alert != nodeLog ? CLIENT_CERTIFICATE : SERVER_CERTIFICATE;
    }

    /**
     * Whether a rule can be the cause of a message about this side's certificate: the server refusing the
     * client's certificate is no cause of a client refusing the server's (a node's log line "remote error:
     * tls: bad certificate" is a client that does not trust the node).
     */
    boolean fits(String rule) {
        return this != SERVER_CERTIFICATE || !rule.equals("client-cert-rejected");
    }

    /**
     * Whether a finding about {@code subject} (a file path, an endpoint, a URL) can be the cause. By the
     * file's role: client certificates, their keys and the client CAs are the client's side; ui.crt and
     * ca-ui.crt the server's; node.crt serves both (it is also the node's client certificate) and so does ca.crt.
     */
    public boolean concerns(String subject) {
        Side subjectSide = ofSubject(subject);
        return this == EITHER || subjectSide == EITHER || subjectSide == this;
    }

    /**
     * The sides whose own certificates are in {@code evidence}: a side was looked at when one of its leaf
     * certificates was (a CA alone says nothing about the certificate at fault).
     */
    public static Set<Side> checkedIn(List<Evidence> evidence) {
        Set<Side> sides = EnumSet.noneOf(Side.class);
        for (Evidence e : evidence) {
            if (e instanceof CertEvidence cert && !cert.role().isAuthority()) {
                Side side = ofSubject(cert.subject());
                sides.addAll(side == EITHER ? List.of(SERVER_CERTIFICATE, CLIENT_CERTIFICATE) : List.of(side));
            }
        }
        return sides;
    }

    /** The side a certificate file (or its key) belongs to, by its name; {@link #EITHER} for node.crt, ca.crt and what is not a file. */
    public static Side ofSubject(String subject) {
        String name;
        try {
            Path file = Path.of(subject).getFileName();
            name = file == null ? subject : file.toString();
        } catch (RuntimeException notAPath) {
            return EITHER;
        }
        name = name.replaceFirst("\\.key(?:\\.pk8)?$", ".crt");
        CertRole role = name.endsWith(".crt") ? CertFileName.parse(name).role() : null;
        if (role == null) {
            return EITHER;
        }
        return switch (role) {
            case CLIENT, TENANT_CLIENT, CLIENT_CA, TENANT_CLIENT_CA -> CLIENT_CERTIFICATE;
            case UI, UI_CA -> SERVER_CERTIFICATE;
            default -> EITHER;
        };
    }
}
