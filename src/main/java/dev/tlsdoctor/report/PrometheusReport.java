package dev.tlsdoctor.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus text exposition format (version 0.0.4), as node_exporter's textfile collector reads it:
 * each family's HELP and TYPE once, then its samples together.
 */
public final class PrometheusReport {
    private PrometheusReport() {}

    public static String render(List<Sample> samples) {
        Map<String, List<Sample>> families = new LinkedHashMap<>();
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (Sample s : samples) {
            Metric known = metrics.putIfAbsent(s.metric().name(), s.metric());
            if (known != null && !known.equals(s.metric())) {
                throw new IllegalArgumentException("two definitions of metric " + s.metric().name());
            }
            families.computeIfAbsent(s.metric().name(), k -> new ArrayList<>()).add(s);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<Sample>> family : families.entrySet()) {
            Metric metric = metrics.get(family.getKey());
            out.append("# HELP ").append(metric.name()).append(' ').append(escapeHelp(metric.help())).append('\n');
            out.append("# TYPE ").append(metric.name()).append(' ').append(metric.type()).append('\n');
            for (Sample s : family.getValue()) {
                out.append(metric.name());
                if (!s.labels().isEmpty()) {
                    out.append('{');
                    String separator = "";
                    for (Map.Entry<String, String> label : s.labels().entrySet()) {
                        out.append(separator).append(label.getKey()).append("=\"").append(escapeLabel(label.getValue())).append('"');
                        separator = ",";
                    }
                    out.append('}');
                }
                out.append(' ').append(number(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
