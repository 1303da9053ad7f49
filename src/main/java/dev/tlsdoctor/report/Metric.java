package dev.tlsdoctor.report;

import java.util.regex.Pattern;

/**
 * A metric family for monitoring output: its Prometheus name, type and help text.
 *
 * @param type {@code gauge} or {@code counter}
 */
public record Metric(String name, String type, String help) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    public Metric {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
    }

    public static Metric gauge(String name, String help) {
        return new Metric(name, "gauge", help);
    }

    public static final Metric CERT_EXPIRY = gauge("tls_doctor_certificate_expiry_timestamp_seconds",
            "When each certificate expires (notAfter), in seconds since the Unix epoch.");
    public static final Metric CERT_EXPIRES_IN = gauge("tls_doctor_certificate_expires_in_seconds",
            "Seconds from the check (--at) until each certificate expires (notAfter); negative once expired.");
    public static final Metric FINDINGS = gauge("tls_doctor_findings",
            "Findings of the last check per rule and severity; 0 for rules that found nothing.");
    public static final Metric CHECK_SUCCESS = gauge("tls_doctor_check_success",
            "1 if the last check found nothing above info (status OK), else 0.");
    public static final Metric STATUS = gauge("tls_doctor_status",
            "Status of the last check as its exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.");
    public static final Metric UP = gauge("tls_doctor_up",
            "1 if the check could run; 0 if nothing could be checked (the cause: tls_doctor_check_error_info).");
    public static final Metric CHECK_ERROR = gauge("tls_doctor_check_error_info",
            "Why nothing could be checked, in the reason label; only present while tls_doctor_up is 0.");
    public static final Metric PROBE_SUCCESS = gauge("tls_doctor_probe_success",
            "1 if the probe of the endpoint in this mode got through (TLS, and the SQL login when asked), else 0 (the outcome: tls_doctor_probe_outcome).");
    public static final Metric PROBE_OUTCOME = gauge("tls_doctor_probe_outcome",
            "Where the probe of the endpoint in this mode got to: 1 for its outcome, 0 for every other outcome.");
    public static final Metric PROBE_DURATION = gauge("tls_doctor_probe_duration_seconds",
            "How long the probe of the endpoint in this mode took (connect, handshake and login), in seconds; also for failed probes.");
    public static final Metric OCSP_STATUS = gauge("tls_doctor_ocsp_status",
            "OCSP status of each certificate: 0 good, 1 revoked, 2 unknown, 3 unreachable, 4 bad-response, 5 stale, 6 no-url, 7 sha256-unsupported.");
    public static final Metric OCSP_REQUESTS_SENT = gauge("tls_doctor_ocsp_requests_sent",
            "HTTP requests (OCSP and CRL) the last revocation check sent.");
}
