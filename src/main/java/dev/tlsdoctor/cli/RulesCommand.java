package dev.tlsdoctor.cli;

import dev.tlsdoctor.report.JsonReport;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tls-doctor rules}: every rule with its severity and title, or one rule in full. */
@Command(name = "rules", description = "Lists the rules (with your overrides applied), or shows the RULE-IDs given in full.")
final class RulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RuleOptions ruleOptions = new RuleOptions();

    @Mixin
    OutputOptions output = new OutputOptions("rules", OutputFormat.text, OutputFormat.json);

    @Parameters(paramLabel = "RULE-ID", arity = "0..*", description = "Rules to show in full.")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        RuleCatalog catalog = ruleOptions.engine().catalog();
        List<RuleSpec> selected = new ArrayList<>();
        for (String id : ids) {
            RuleSpec rule = catalog.get(id);
            if (rule == null) {
                throw new UserError("no rule has id '" + id + "' (run 'tls-doctor rules' for the list)");
            }
            selected.add(rule);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<RuleSpec> shown = ids.isEmpty() ? List.copyOf(catalog.all()) : selected;
        if (format == OutputFormat.json) {
            out.print(JsonReport.render(shown));
        } else if (ids.isEmpty()) {
            for (RuleSpec rule : shown) {
                out.printf("%-24s %-8s %s%s%n", rule.id(), rule.severity().label(), rule.title(), rule.isEnabled() ? "" : " (disabled)");
            }
        } else {
            for (RuleSpec rule : shown) {
                out.printf("%s (%s%s): %s%n%n%s%n%nFix:%n%s%n", rule.id(), rule.severity().label(), rule.isEnabled() ? "" : ", disabled",
                        rule.title(), rule.explanation().strip(), indent(rule.fix().strip()));
                if (rule.references() != null && !rule.references().isEmpty()) {
                    out.printf("%nReferences:%n%s%n", indent(String.join("\n", rule.references())));
                }
                out.println();
            }
        }
        return 0;
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
