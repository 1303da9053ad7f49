package dev.tlsdoctor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tlsdoctor.report.JsonReport;

/** {@code --format json}: the public contract scripts depend on; a command's own members come after the report's. */
final class JsonOutput implements Output {
    @Override
    public String render(Diagnosed run, boolean color) {
        if (run.ticket() != null) {
            return run.ticket().document().json(run.ticket().redaction());
        }
        Object report = run.document();
        if (run.jsonMembers().isEmpty()) {
            return JsonReport.render(report);
        }
        ObjectNode root = JsonReport.MAPPER.valueToTree(report);
        run.jsonMembers().forEach((name, value) -> root.set(name, JsonReport.MAPPER.valueToTree(value)));
        return JsonReport.render(root);
    }
}
