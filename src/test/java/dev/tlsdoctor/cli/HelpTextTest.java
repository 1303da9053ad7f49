package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** --help text: picocli prints each description element as a paragraph of its own, so each must be whole. */
class HelpTextTest {
    /**
     * Before, explain, report and demo had their descriptions wrapped by hand across elements, and
     * --help printed them as lines cut off mid-sentence ("…Python, Node.js," then "OpenSSL or…").
     */
    @Test
    void everyDescriptionParagraphEndsASentence() {
        List<String> cut = new ArrayList<>();
        for (CommandLine command : all(Main.commandLine(null))) {
            CommandSpec spec = command.getCommandSpec();
            check(spec.qualifiedName(), spec.usageMessage().description(), cut);
            for (ArgSpec arg : spec.args()) {
                check(spec.qualifiedName() + " " + arg.paramLabel(), arg.description(), cut);
            }
        }
        assertTrue(cut.isEmpty(), "description paragraphs that do not end a sentence:\n" + String.join("\n", cut));
    }

    private static void check(String where, String[] paragraphs, List<String> cut) {
        for (String paragraph : paragraphs) {
            String text = String.format(paragraph).strip();
            if (!text.isEmpty() && !text.matches("(?s).*[.!?)]")) {
                cut.add(where + ": " + text);
            }
        }
    }

    private static List<CommandLine> all(CommandLine root) {
        List<CommandLine> out = new ArrayList<>(List.of(root));
        root.getSubcommands().values().forEach(sub -> out.addAll(all(sub)));
        return out;
    }
}
