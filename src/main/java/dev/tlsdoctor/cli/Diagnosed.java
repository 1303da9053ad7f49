package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.CorpusReport;
import dev.tlsdoctor.report.MonitoringSamples;
import dev.tlsdoctor.report.ProbeReport;
import dev.tlsdoctor.report.Redaction;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.report.Sample;
import dev.tlsdoctor.report.TicketReport;
import dev.tlsdoctor.rules.ExpiryThresholds;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RunSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the rules produced, as every {@link OutputFormat} renders it: the report, and what a
 * command adds to it (the endpoints probed or the tree counted, monitoring samples of its own, a view printed
 * before the text report and kept beside it in JSON).
 *
 * @param report the findings and the certificate inventory
 * @param endpoints for the commands that dial out: the report with one entry per endpoint and mode; else null
 * @param corpus for {@code check --recursive}: the report with the tree's counts; else null
 * @param ticket for {@code report}: the support-ticket document (Markdown, or its JSON form); else null
 * @param catalog the rules the run judged by (monitoring formats list them)
 * @param settings what the user asked for (monitoring formats show the expiry thresholds)
 * @param samples monitoring samples of the command's own, after those of the report
 * @param textPreface printed before the text report (or "")
 * @param jsonMembers added after the members of the JSON report, which stay as they are
 */
record Diagnosed(Report report, ProbeReport endpoints, CorpusReport corpus, Ticket ticket, RuleCatalog catalog, RunSettings settings,
        List<Sample> samples, String textPreface, Map<String, Object> jsonMembers) {

    Diagnosed(Report report, RuleCatalog catalog, RunSettings settings) {
        this(report, null, null, null, catalog, settings, List.of(), "", Map.of());
    }

    Diagnosed(ProbeReport endpoints, RuleCatalog catalog, RunSettings settings) {
        this(endpoints.common(), endpoints, null, null, catalog, settings, List.of(), "", Map.of());
    }

    Diagnosed(CorpusReport corpus, RuleCatalog catalog, RunSettings settings) {
        this(new Report(corpus.tool(), corpus.version(), corpus.status(), corpus.findings(), corpus.certificates()), null, corpus, null,
                catalog, settings, List.of(), "", Map.of());
    }

    /** The support-ticket document, and what of it to mask. */
    record Ticket(TicketReport document, Redaction redaction) {}

    Diagnosed withTicket(TicketReport document, Redaction redaction) {
        return new Diagnosed(report, endpoints, corpus, new Ticket(document, redaction), catalog, settings, samples, textPreface, jsonMembers);
    }

    Diagnosed withSamples(List<Sample> more) {
        List<Sample> all = new ArrayList<>(samples);
        all.addAll(more);
        return new Diagnosed(report, endpoints, corpus, ticket, catalog, settings, List.copyOf(all), textPreface, jsonMembers);
    }

    Diagnosed withTextPreface(String text) {
        return new Diagnosed(report, endpoints, corpus, ticket, catalog, settings, samples, text, jsonMembers);
    }

    Diagnosed withJsonMember(String name, Object value) {
        Map<String, Object> all = new LinkedHashMap<>(jsonMembers);
        all.put(name, value);
        return new Diagnosed(report, endpoints, corpus, ticket, catalog, settings, samples, textPreface, all);
    }

    /**
     * What the monitoring formats measure: the report's samples (status, findings, days left per certificate
     * against the expiry thresholds), the endpoints' (probe success and duration), then the command's own (OCSP status).
     */
    List<Sample> monitoringSamples() {
        List<Sample> all = new ArrayList<>(MonitoringSamples.of(report, ExpiryThresholds.of(settings, catalog.get("expiring-soon")), catalog.all()));
        if (endpoints != null) {
            all.addAll(MonitoringSamples.probes(endpoints.targets()));
        }
        all.addAll(samples);
        return all;
    }

    /** The fullest document of the run, as JSON writes it: the endpoints' or the tree's report, else the common one. */
    Object document() {
        return endpoints != null ? endpoints : corpus != null ? corpus : report;
    }

    int exitCode() {
        return report.status().exitCode();
    }
}
