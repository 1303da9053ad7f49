package dev.tlsdoctor.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.common.Version;
import dev.tlsdoctor.probe.ClusterSummary;
import dev.tlsdoctor.probe.ProbeMode;
import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Finding;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What a probe run found: the common report ({@code tool}, {@code version}, {@code status},
 * {@code findings}, {@code certificates}) plus one entry per endpoint and mode, and the fleet summary.
 */
@JsonPropertyOrder({"tool", "version", "status", "findings", "certificates", "targets", "cluster"})
public record ProbeReport(
        String tool,
        String version,
        Status status,
        List<Finding> findings,
        List<CertSummary> certificates,
        List<Target> targets,
        ClusterSummary cluster) {


    /** One endpoint probed in one mode (the {@code targets} array of the JSON output). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"target", "mode", "outcome", "step", "detail", "server_name", "protocol", "cipher", "millis",
        "certificate", "chain_length", "client_auth", "sql_login", "legacy_tls", "other_mode_only"})
    public record Target(
            String target,
            ProbeMode mode,
            ProbeOutcome outcome,
            String step,
            String detail,
            @JsonProperty("server_name") String serverName,
            String protocol,
            String cipher,
            long millis,
            ServedLeaf certificate,
            @JsonProperty("chain_length") int chainLength,
            @JsonProperty("client_auth") ProbeResult.ClientAuth clientAuth,
            @JsonProperty("sql_login") ProbeResult.SqlLogin sqlLogin,
            @JsonProperty("legacy_tls") String legacyTls,
            @JsonProperty("other_mode_only") Boolean otherModeOnly) {

        /** In auto mode, this mode failed only because the port speaks the other one: not a problem of the endpoint. */
        public boolean notServedHere() {
            return Boolean.TRUE.equals(otherModeOnly);
        }

        static Target of(ProbeResult r, Instant at) {
            X509Certificate leaf = r.servedChain().isEmpty() ? null : r.servedChain().get(0);
            return new Target(r.endpoint().toString(), r.mode(), r.outcome(), r.step(), r.detail().isEmpty() ? null : r.detail(),
                    r.serverName(), r.protocol(), r.cipher(), r.millis(), leaf == null ? null : ServedLeaf.of(leaf, at),
                    r.servedChain().size(), r.clientAuth(), r.sqlLogin(), r.legacyVersion(), r.otherModeOnly() ? Boolean.TRUE : null);
        }
    }

    /** The certificate an endpoint served, in brief. */
    @JsonPropertyOrder({"subject", "issuer", "sha256", "not_after", "days_left"})
    public record ServedLeaf(String subject, String issuer, String sha256, @JsonProperty("not_after") Instant notAfter, @JsonProperty("days_left") long daysLeft,
            @JsonIgnore long secondsLeft) {
        static ServedLeaf of(X509Certificate cert, Instant at) {
            return new ServedLeaf(CertNames.shortName(cert.getSubjectX500Principal()), CertNames.shortName(cert.getIssuerX500Principal()),
                    CertFacts.sha256Fingerprint(cert), CertFacts.notAfter(cert), CertFacts.daysLeft(cert, at), CertFacts.secondsLeft(cert, at));
        }
    }

    public static ProbeReport of(List<Finding> findings, List<? extends Evidence> evidence, List<ProbeResult> results, Instant at) {
        return new ProbeReport("tls-doctor", Version.get(), status(findings), findings, CertSummary.inventory(evidence, at),
                results.stream().map(r -> Target.of(r, at)).toList(), ClusterSummary.of(results, at));
    }

    /**
     * CRITICAL for any error finding; otherwise UNKNOWN when some endpoint could not be checked
     * (unreachable or timed out, at warning severity or above), so that a host that is down is never OK;
     * otherwise as for any report.
     */
    public static Status status(List<Finding> findings) {
        Status status = Status.of(findings);
        if (status == Status.CRITICAL) {
            return status;
        }
        return findings.stream().anyMatch(Status::couldNotCheck) ? Status.UNKNOWN : status;
    }

    /** The common part, for the usual text layout. */
    public Report common() {
        return new Report(tool, version, status, findings, certificates);
    }
}
