package dev.tlsdoctor.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tlsdoctor.rules.Finding;
import java.util.List;
import java.util.Map;

/**
 * What {@code check --recursive} found: the common report, whose {@code certificates} inventory stays
 * empty (a corpus run keeps counts, not every certificate), plus the {@code corpus} counts.
 */
@JsonPropertyOrder({"tool", "version", "status", "findings", "certificates", "corpus"})
public record CorpusReport(
        String tool,
        String version,
        Status status,
        List<Finding> findings,
        List<CertSummary> certificates,
        Counts corpus) {

    /**
     * The counts of a corpus run. Every entry met is exactly one of a certificate file, a key file or a
     * failure: {@code files_seen = certificate_files + key_files + failures}.
     *
     * @param directory the tree, as given
     * @param trust what every certificate was verified against
     * @param filesSeen entries met that are not directories walked into (files, links, FIFOs, directories that could not be entered)
     * @param certificateFiles files that held certificates, each checked
     * @param certificatesParsed the certificates in them
     * @param keyFiles private keys on their own (not checked alone; a key beside its certificate is checked with it)
     * @param failures entries that could not be read, held no certificate, or could not be walked into
     * @param failuresByReason the failures by kind (malformed, not-a-certificate, empty, too-large, not-a-regular-file,
     *     missing, broken-symlink, symlink-loop, permission-denied, io-error, internal-error)
     * @param findingsByRule every finding by rule id, listed or not
     * @param findingsBySeverity every finding by severity (error, warning, info)
     * @param findingsNotListed findings beyond the first {@link CorpusTally#LISTED}, counted but not in {@code findings}
     * @param failedFiles the first {@link CorpusTally#LISTED} failures, each with its reason and what exactly went wrong
     * @param failuresNotListed failures beyond those
     */
    @JsonPropertyOrder({"directory", "trust", "files_seen", "certificate_files", "certificates_parsed", "key_files", "failures",
        "failures_by_reason", "findings_by_rule", "findings_by_severity", "findings_not_listed", "failed_files", "failures_not_listed"})
    public record Counts(
            String directory,
            String trust,
            @JsonProperty("files_seen") long filesSeen,
            @JsonProperty("certificate_files") long certificateFiles,
            @JsonProperty("certificates_parsed") long certificatesParsed,
            @JsonProperty("key_files") long keyFiles,
            long failures,
            @JsonProperty("failures_by_reason") Map<String, Long> failuresByReason,
            @JsonProperty("findings_by_rule") Map<String, Long> findingsByRule,
            @JsonProperty("findings_by_severity") Map<String, Long> findingsBySeverity,
            @JsonProperty("findings_not_listed") long findingsNotListed,
            @JsonProperty("failed_files") List<FailedFile> failedFiles,
            @JsonProperty("failures_not_listed") long failuresNotListed) {}

    /** One failure: the entry, the kind of failure, and what exactly went wrong. */
    @JsonPropertyOrder({"file", "reason", "detail"})
    public record FailedFile(String file, String reason, String detail) {}
}
