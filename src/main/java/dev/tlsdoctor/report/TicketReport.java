package dev.tlsdoctor.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code tls-doctor report}: one document for a support ticket, made of sections (environment,
 * certificates, chains, findings; probe and OCSP results add theirs). Markdown or JSON, then passed
 * through a {@link Redaction} as a whole, so nothing a section writes escapes it.
 */
public final class TicketReport {
    /**
     * One part of the report: a heading and Markdown body, and the same content under a key of the JSON output.
     *
     * @param id the JSON key
     * @param markdown writes the Markdown body, without the heading
     * @param json a value Jackson can write
     */
    public record Section(String id, String title, Consumer<StringBuilder> markdown, Object json) {}

    private final Report report;
    private final Instant generatedAt;
    private final List<Section> sections;

    public TicketReport(Report report, Instant generatedAt, List<Section> sections) {
        this.report = report;
        this.generatedAt = generatedAt;
        this.sections = sections;
    }

    public String markdown(Redaction redaction) {
        StringBuilder out = new StringBuilder("# tls-doctor report\n\n");
        out.append("Status: **").append(report.status()).append("**. ").append(Markdown.counts(report.findings()))
                .append(" Written by ").append(report.tool()).append(' ').append(report.version()).append(" at ").append(generatedAt).append(".\n");
        if (redaction.masksHosts()) {
            out.append("Host names and IP addresses are masked (host-N, ip-N); the same host has the same mask throughout.\n");
        }
        for (Section section : sections) {
            out.append("\n## ").append(section.title()).append("\n\n");
            section.markdown().accept(out);
        }
        return redaction.apply(out.toString());
    }

    public String json(Redaction redaction) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("tool", report.tool());
        doc.put("version", report.version());
        doc.put("status", report.status());
        doc.put("generated_at", generatedAt);
        doc.put("hosts_masked", redaction.masksHosts());
        for (Section section : sections) {
            doc.put(section.id(), section.json());
        }
        return redaction.apply(JsonReport.render(doc));
    }
}
