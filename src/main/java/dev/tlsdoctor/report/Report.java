package dev.tlsdoctor.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tlsdoctor.common.Version;
import dev.tlsdoctor.rules.Finding;
import java.util.List;

/** What a run found: the JSON output's shape, field for field. */
@JsonPropertyOrder({"tool", "version", "status", "findings", "certificates"})
public record Report(String tool, String version, Status status, List<Finding> findings, List<CertSummary> certificates) {

    public static Report of(List<Finding> findings, List<CertSummary> certificates) {
        return new Report("tls-doctor", Version.get(), Status.of(findings), findings, certificates);
    }
}
