package dev.tlsdoctor.report;

import dev.tlsdoctor.common.Version;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts a corpus run as it goes, file by file, keeping the first {@link #LISTED} findings and
 * failures in full and only counts after that, so that memory stays bounded however big the tree.
 */
public final class CorpusTally {
    /** Findings (and failures) listed in full; the rest are counted. */
    public static final int LISTED = 1000;

    private long filesSeen;
    private long certificateFiles;
    private long certificatesParsed;
    private long keyFiles;
    private long failures;
    private final Map<String, Long> failuresByReason = new TreeMap<>();
    private final Map<String, Long> findingsByRule = new TreeMap<>();
    private final Map<String, Long> findingsBySeverity = new LinkedHashMap<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<CorpusReport.FailedFile> failedFiles = new ArrayList<>();

    public CorpusTally() {
        for (Severity s : List.of(Severity.ERROR, Severity.WARNING, Severity.INFO)) {
            findingsBySeverity.put(s.label(), 0L);
        }
    }

    /** A file that held {@code certificates} certificates, checked, with what its checks found. */
    public void checked(int certificates, List<Finding> found) {
        filesSeen++;
        certificateFiles++;
        certificatesParsed += certificates;
        for (Finding f : found) {
            findingsByRule.merge(f.rule(), 1L, Long::sum);
            findingsBySeverity.merge(f.severity().label(), 1L, Long::sum);
            if (findings.size() < LISTED) {
                findings.add(f);
            }
        }
    }

    public void keyFile() {
        filesSeen++;
        keyFiles++;
    }

    /** An entry that failed: {@code reason} is the kind of failure, {@code detail} what exactly went wrong. */
    public void failed(String file, String reason, String detail) {
        filesSeen++;
        failures++;
        failuresByReason.merge(reason, 1L, Long::sum);
        if (failedFiles.size() < LISTED) {
            failedFiles.add(new CorpusReport.FailedFile(file, reason, detail));
        }
    }

    /** UNKNOWN when no certificate could be checked at all; else the worst finding's status, as for any report. */
    public CorpusReport report(String directory, String trust) {
        long total = findingsByRule.values().stream().mapToLong(Long::longValue).sum();
        Status status = certificateFiles == 0 ? Status.UNKNOWN
                : Status.of(findingsBySeverity.get(Severity.ERROR.label()), findingsBySeverity.get(Severity.WARNING.label()));
        return new CorpusReport("tls-doctor", Version.get(), status, List.copyOf(findings), List.of(),
                new CorpusReport.Counts(directory, trust, filesSeen, certificateFiles, certificatesParsed, keyFiles, failures,
                        new TreeMap<>(failuresByReason), new TreeMap<>(findingsByRule),
                        new LinkedHashMap<>(findingsBySeverity), total - findings.size(), List.copyOf(failedFiles), failures - failedFiles.size()));
    }
}
