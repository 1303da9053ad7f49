package dev.tlsdoctor.cli;

import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleFileException;
import dev.tlsdoctor.rules.RuleSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Tab completion from the picocli model of the commands (the same one that parses them): command
 * names, each command's options, option values by type (files and directories, formats, rule ids)
 * and the hosts and users already used in this session.
 */
final class ReplCompleter implements Completer {
    private final ReplSession session;
    private final Completer files = new Completers.FileNameCompleter();
    private List<String> ruleIds;

    ReplCompleter(ReplSession session) {
        this.session = session;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        CommandSpec root = session.root();
        if (index == 0) {
            add(candidates, root.subcommands().keySet());
            add(candidates, List.of("set", "unset", "show", "exit"));
            return;
        }
        String first = words.get(0);
        String previous = words.get(index - 1);
        switch (first) {
            case "help" -> add(candidates, index == 1 ? root.subcommands().keySet() : List.of());
            case "show" -> add(candidates, index == 1 ? List.of("settings") : List.of());
            case "set", "unset" -> {
                if (index == 1) {
                    add(candidates, session.settableOptions());
                } else if (first.equals("set") && index == 2) {
                    option(previous).ifPresent(option -> values(option, reader, line, candidates));
                }
            }
            default -> {
                CommandLine sub = root.subcommands().get(first);
                if (sub == null) {
                    return;
                }
                CommandSpec spec = sub.getCommandSpec();
                OptionSpec option = previous.startsWith("-") ? spec.findOption(previous) : null; // findOption("rules") would find --rules
                if (option != null && option.arity().max() > 0) {
                    values(option, reader, line, candidates);
                } else if (line.word().startsWith("-")) {
                    spec.options().forEach(o -> add(candidates, List.of(o.longestName())));
                } else if (!spec.positionalParameters().isEmpty()) {
                    values(spec.positionalParameters().get(0), reader, line, candidates);
                }
            }
        }
    }

    /** The option named {@code name} (without dashes) in any command. */
    private java.util.Optional<OptionSpec> option(String name) {
        return session.root().subcommands().values().stream()
                .map(sub -> sub.getCommandSpec().findOption("--" + name))
                .filter(java.util.Objects::nonNull).findFirst();
    }

    private void values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String name = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
        Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
        if (name.equals("--host")) {
            add(candidates, session.hosts());
        } else if (name.equals("--user")) {
            add(candidates, session.users());
        } else if (name.equals("RULE-ID")) {
            add(candidates, ruleIds());
        } else if (type == Path.class || type == File.class) {
            files.complete(reader, line, candidates);
        } else if (arg.completionCandidates() != null) {
            List<String> values = new ArrayList<>();
            arg.completionCandidates().forEach(values::add);
            add(candidates, values);
        }
    }

    private List<String> ruleIds() {
        if (ruleIds == null) {
            try {
                ruleIds = RuleCatalog.load(List.of()).all().stream().map(RuleSpec::id).toList();
            } catch (RuleFileException e) {
                ruleIds = List.of();
            }
        }
        return ruleIds;
    }

    private static void add(List<Candidate> candidates, Collection<String> values) {
        values.forEach(v -> candidates.add(new Candidate(v)));
    }
}
