package dev.tlsdoctor.report;

import dev.tlsdoctor.certs.CertFacts;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.PathResult;
import dev.tlsdoctor.certs.Verification;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.rules.Finding;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sections every ticket report has; probe and OCSP results add their own {@link TicketReport.Section}s. */
public final class ReportSections {
    private ReportSections() {}

    /**
     * Where the report was made.
     *
     * @param facts tool and Java versions, operating system, times, certs directory, in display order
     * @param variables the COCKROACH_* and PG* environment variables that change TLS behaviour, with
     *     values only where they are safe to show
     */
    public static TicketReport.Section environment(Map<String, String> facts, Map<String, String> variables) {
        Map<String, Object> json = new LinkedHashMap<>(facts);
        json.put("variables", variables);
        return new TicketReport.Section("environment", "Environment", out -> {
                List<List<String>> rows = new ArrayList<>();
                facts.forEach((k, v) -> rows.add(List.of(k, v)));
                Markdown.table(out, List.of("", ""), rows);
                out.append('\n');
                if (variables.isEmpty()) {
                    out.append("No COCKROACH_* or PGSSL* environment variables are set.\n");
                } else {
                    out.append("Environment variables:\n\n");
                    variables.forEach((k, v) -> out.append("- ").append(Markdown.code(k)).append(": ").append(Markdown.code(v)).append('\n'));
                }
            }, json);
    }

    /** The certificate inventory, with fingerprints and expiry. */
    public static TicketReport.Section certificates(List<CertSummary> certificates) {
        return new TicketReport.Section("certificates", "Certificates", out -> {
                if (certificates.isEmpty()) {
                    out.append("No certificates were read.\n");
                    return;
                }
                List<List<String>> rows = new ArrayList<>();
                for (CertSummary c : certificates) {
                    rows.add(List.of(Markdown.code(c.file()), c.role(), c.subject(), c.issuer(), String.join(", ", c.sans()), c.key(),
                            c.notAfter().toString(), CertFacts.expiryWords(c.secondsLeft()), Markdown.code(c.serial()), Markdown.code(c.sha256())));
                }
                Markdown.table(out, List.of("file", "role", "subject", "issuer", "SANs", "key", "not after", "expiry", "serial", "SHA-256"), rows);
            }, certificates);
    }

    /**
     * How one certificate is verified in the cluster and the chain that path building found.
     *
     * @param use e.g. "as the node's server certificate"
     * @param trustedBy the CA file that verifies it in that use
     * @param chain subjects from the certificate up to the anchor
     * @param problem why it does not verify, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Chain(String file, String use, @JsonProperty("trusted_by") String trustedBy, boolean valid, List<String> chain, String problem) {}

    /** The chains the checks built for each certificate file. */
    public static TicketReport.Section chains(List<? extends Evidence> evidence) {
        List<Chain> chains = new ArrayList<>();
        for (Object item : evidence) {
            if (item instanceof CertEvidence cert) {
                for (Verification v : cert.verifications()) {
                    PathResult result = v.result();
                    List<String> path = new ArrayList<>();
                    for (X509Certificate c : result.chain()) {
                        path.add(CertNames.shortName(c.getSubjectX500Principal()) + (c.equals(result.anchor()) ? " (anchor)" : ""));
                    }
                    chains.add(new Chain(cert.subject(), v.use(), v.pool().name(), result.isValid(), path,
                            result.isValid() ? null : result.detail().isEmpty() ? "not valid at the time judged" : result.detail()));
                }
            }
        }
        return new TicketReport.Section("chains", "Chains", out -> {
                if (chains.isEmpty()) {
                    out.append("No chains were built (no CA certificate to verify against, or no leaf certificates).\n");
                }
                for (Chain c : chains) {
                    out.append("- ").append(Markdown.code(c.file())).append(' ').append(c.use()).append(", against ").append(Markdown.code(c.trustedBy()))
                            .append(": ").append(String.join(" → ", c.chain())).append(" — ").append(c.valid() ? "valid" : "**not valid**: " + c.problem()).append('\n');
                }
            }, chains);
    }

    /** What each probed endpoint served and accepted, per mode (the JSON items are those of probe's {@code targets}). */
    public static TicketReport.Section served(List<ProbeResult> results, Instant at) {
        List<ProbeReport.Target> targets = results.stream().map(r -> ProbeReport.Target.of(r, at)).toList();
        return new TicketReport.Section("served", "Served certificates", out -> {
                List<List<String>> rows = new ArrayList<>();
                for (ProbeReport.Target t : targets) {
                    ProbeReport.ServedLeaf leaf = t.certificate();
                    String outcome = t.outcome().label() + (t.notServedHere() ? " (the port speaks the other mode)" : "");
                    String login = t.sqlLogin() == null ? "" : (t.sqlLogin().accepted() ? "accepted as " : "refused as ") + t.sqlLogin().user();
                    rows.add(List.of(Markdown.code(t.target()), t.mode().label(), outcome,
                            t.protocol() == null ? "" : t.protocol() + " " + t.cipher(),
                            leaf == null ? "" : leaf.subject(), leaf == null ? "" : leaf.issuer(),
                            leaf == null ? "" : leaf.notAfter() + " (" + CertFacts.expiryWords(leaf.secondsLeft()) + ")",
                            leaf == null ? "" : Markdown.code(leaf.sha256()), t.chainLength() == 0 ? "" : String.valueOf(t.chainLength()), login));
                }
                Markdown.table(out, List.of("endpoint", "mode", "outcome", "TLS", "served certificate", "issuer", "not after", "SHA-256",
                        "chain", "SQL login"), rows);
            }, targets);
    }

    /** The findings, grouped by file or endpoint, each with its fix. */
    public static TicketReport.Section findings(List<Finding> findings, String couldNotCheck) {
        return new TicketReport.Section("findings", "Findings", out -> {
                if (couldNotCheck != null) {
                    out.append("Could not check: ").append(couldNotCheck).append("\n\n");
                }
                if (findings.isEmpty()) {
                    out.append(couldNotCheck == null ? "No problems found.\n" : "");
                    return;
                }
                Map<String, List<Finding>> bySubject = new LinkedHashMap<>();
                findings.forEach(f -> bySubject.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(f));
                bySubject.forEach((subject, group) -> {
                    out.append("### ").append(Markdown.code(subject)).append("\n\n");
                    for (Finding f : group) {
                        out.append("- **").append(f.severity().label()).append("** ").append(Markdown.code(f.rule())).append(": ").append(f.message()).append("\n\n");
                        Markdown.fix(out, f.fix());
                    }
                });
            }, findings);
    }
}
