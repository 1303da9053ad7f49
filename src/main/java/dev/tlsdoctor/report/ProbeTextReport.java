package dev.tlsdoctor.report;

import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.probe.ClusterSummary;
import dev.tlsdoctor.probe.ProbeOutcome;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Human output of a probe run: one line per endpoint and mode, the fleet summary, then the usual findings. */
public final class ProbeTextReport {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final boolean color;

    public ProbeTextReport(boolean color) {
        this.color = color;
    }

    public String render(ProbeReport report) {
        StringBuilder out = new StringBuilder();
        if (!report.targets().isEmpty()) {
            out.append(paint("1", "Endpoints")).append('\n');
            int width = report.targets().stream().mapToInt(t -> t.target().length()).max().orElse(0);
            for (ProbeReport.Target t : report.targets()) {
                out.append("  ").append(pad(t.target(), width)).append("  ").append(pad(t.mode().label(), 6)).append("  ")
                        .append(outcome(t.outcome())).append("  ").append(describe(t)).append('\n');
            }
            out.append('\n');
        }
        ClusterSummary c = report.cluster();
        if (c.endpoints() > 1) {
            out.append(paint("1", "Cluster")).append('\n');
            out.append("  ").append(c.reachedTls()).append(" of ").append(c.endpoints()).append(" endpoints completed a TLS handshake\n");
            if (c.issuersDisagree()) {
                out.append("  ").append(paint("33", "endpoints disagree on the issuing CA:")).append('\n');
            }
            for (ClusterSummary.IssuerGroup g : c.issuers()) {
                out.append("  issued by ").append(g.issuer()).append(": ").append(String.join(", ", g.endpoints())).append('\n');
            }
            if (c.firstExpiry() != null) {
                out.append("  expires first: ").append(c.firstExpiry().endpoint()).append(" '").append(c.firstExpiry().subject()).append("' on ")
                        .append(DATE.format(c.firstExpiry().notAfter())).append(" (").append(CertFacts.expiryWords(c.firstExpiry().secondsLeft())).append(")\n");
            }
            out.append('\n');
        }
        out.append(new TextReport(color).render(report.common()));
        return out.toString();
    }

    private static String describe(ProbeReport.Target t) {
        StringBuilder s = new StringBuilder();
        if (t.protocol() != null) {
            s.append(t.protocol()).append(' ').append(t.cipher());
        }
        if (t.certificate() != null) {
            s.append(s.length() > 0 ? ", " : "").append('\'').append(t.certificate().subject()).append("' expires ")
                    .append(DATE.format(t.certificate().notAfter()));
        }
        if (t.sqlLogin() != null && t.sqlLogin().accepted()) {
            s.append(", login as ").append(t.sqlLogin().user()).append(" accepted");
        }
        if (t.outcome() != ProbeOutcome.OK) {
            s.append(s.length() > 0 ? "; " : "").append(t.step()).append(": ").append(t.detail());
        } else if (t.detail() != null) {
            s.append(s.length() > 0 ? ", " : "").append(t.detail());
        }
        return s.append(" (").append(t.millis()).append(" ms)").toString();
    }

    private String outcome(ProbeOutcome o) {
        String text = pad(o.label(), 20);
        return o == ProbeOutcome.OK ? paint("32", text) : paint("31", text);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
