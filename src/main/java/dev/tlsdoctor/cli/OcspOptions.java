package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.ocsp.OcspMode;
import dev.tlsdoctor.ocsp.RevocationChecker;
import dev.tlsdoctor.ocsp.RevocationOptions;
import dev.tlsdoctor.report.MonitoringSamples;
import dev.tlsdoctor.report.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --ocsp} and its settings, for the commands that judge certificates ({@code check}, {@code probe}). */
final class OcspOptions {
    @Option(names = "--ocsp", description = "Also check revocation: OCSP as CockroachDB asks (and as other clients ask), and CRL distribution points. Contacts the responders named in the certificates.")
    boolean enabled;

    @Option(names = "--ocsp-mode", paramLabel = "lax|strict", description = "With --ocsp: the security.ocsp.mode to judge by (default: lax).")
    OcspMode mode = OcspMode.LAX;

    @Option(names = "--ocsp-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --ocsp: the limit for each HTTP call, as security.ocsp.timeout (default: 3s).")
    Duration timeout = RevocationOptions.DEFAULT_TIMEOUT;

    /** What the last {@link #addRevocationEvidence} found, for the monitoring samples. */
    private RevocationChecker.Result checked;

    /** {@code evidence}, plus the revocation evidence of its certificates when {@code --ocsp} is given. */
    List<Evidence> addRevocationEvidence(List<Evidence> evidence) {
        if (!enabled) {
            return evidence;
        }
        List<CertEvidence> certs = evidence.stream().filter(CertEvidence.class::isInstance).map(CertEvidence.class::cast).toList();
        checked = RevocationChecker.check(certs, new RevocationOptions(mode, timeout, null));
        List<Evidence> all = new ArrayList<>(evidence);
        all.addAll(checked.evidence());
        return all;
    }

    /** The OCSP status of each certificate and the requests sent ({@code tls_doctor_ocsp_*}), when revocation was checked. */
    List<Sample> monitoringSamples() {
        return checked == null ? List.of() : MonitoringSamples.revocation(checked.evidence(), checked.requestsSent());
    }
}
