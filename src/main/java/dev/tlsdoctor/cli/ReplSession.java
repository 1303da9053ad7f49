package dev.tlsdoctor.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What one REPL session remembers (its {@code set} values, the hosts and users used) and how it runs
 * one input: a command line through the same picocli definitions as the CLI (settings become option
 * defaults), a PEM block through {@code inspect -}, an error message through {@code explain -}.
 */
final class ReplSession {
    /** A pasted PEM block, certificate or key. */
    static final String PEM_BEGIN = "-----BEGIN ";
    private static final Pattern ERROR_WORDS = Pattern.compile("(?i)error|fail|x509|tls|ssl|certificate|refused|denied|\\bEOF\\b|exception"
            + "|fatal|unable|could not|cannot|invalid|expired|does not|permission|password|unknown|mismatch|reset|closed");
    private static final Set<String> SESSION_WORDS = Set.of("set", "unset", "show", "help", "exit", "quit");

    /** The value of {@code exit}: leave the session. */
    static final int EXIT = -1;

    private final CommandSpec root = Main.commandLine(null).getCommandSpec();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Set<String> hosts = new TreeSet<>();
    private final Set<String> users = new TreeSet<>();
    private java.util.function.Predicate<String> confirm = ShellConfirm.NO_TERMINAL;

    /** How commands ask before they change files ({@code fix}); without a terminal they cannot. */
    void confirmWith(java.util.function.Predicate<String> ask) {
        this.confirm = ask;
    }

    CommandSpec root() {
        return root;
    }

    Set<String> hosts() {
        return hosts;
    }

    Set<String> users() {
        return users;
    }

    /** Long option names (without dashes) that some command has: what {@code set} accepts. */
    Set<String> settableOptions() {
        Set<String> names = new TreeSet<>();
        for (CommandLine sub : root.subcommands().values()) {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.longestName().startsWith("--") && option.arity().max() > 0) {
                    names.add(option.longestName().substring(2));
                }
            }
        }
        return names;
    }

    /** Whether {@code input} starts with a command or session word (else it is a paste). */
    boolean isCommand(String input) {
        String first = input.strip().split("\\s+", 2)[0];
        return root.subcommands().containsKey(first) || SESSION_WORDS.contains(first);
    }

    /** Runs one input; returns its exit code, or {@link #EXIT}. */
    int execute(String input, PrintWriter out, PrintWriter err) {
        String text = input.strip();
        if (text.isEmpty()) {
            return 0;
        }
        if (!isCommand(text)) {
            if (text.contains(PEM_BEGIN)) {
                return withInput(input, new String[] {"inspect", "-"}, out, err);
            }
            if (ERROR_WORDS.matcher(text).find()) {
                return withInput(input, new String[] {"explain", "-"}, out, err);
            }
            err.println("tls-doctor: '" + text.split("\\s+", 2)[0] + "' is not a command, a PEM block or an error message (type help)");
            return 3;
        }
        List<String> args;
        try {
            args = split(text);
        } catch (IllegalArgumentException e) {
            err.println("tls-doctor: " + e.getMessage());
            return 3;
        }
        switch (args.get(0)) {
            case "exit", "quit" -> {
                return EXIT;
            }
            case "set" -> {
                return set(args, out, err);
            }
            case "unset" -> {
                args.subList(1, args.size()).forEach(settings::remove);
                return 0;
            }
            case "show" -> {
                showSettings(out);
                return 0;
            }
            case "help" -> {
                if (args.size() == 1) {
                    help(out);
                    return 0;
                }
                return Main.run(args.toArray(String[]::new), out, err, null);
            }
            default -> {
                remember(args);
                return ShellConfirm.during(confirm, () -> Main.run(args.toArray(String[]::new), out, err, this::defaultValue));
            }
        }
    }

    private int withInput(String input, String[] args, PrintWriter out, PrintWriter err) {
        StandardInput.set(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return Main.run(args, out, err, this::defaultValue);
        } finally {
            StandardInput.set(null);
        }
    }

    /** A {@code set} value is the default of every option of that name, in every command. */
    private String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option && option.longestName().startsWith("--")) {
            return settings.get(option.longestName().substring(2));
        }
        return null;
    }

    private int set(List<String> args, PrintWriter out, PrintWriter err) {
        if (args.size() < 3) {
            err.println("tls-doctor: set <option> <value>, e.g. set certs-dir ~/certs, set host node1.example.com, set user root");
            return 3;
        }
        String name = args.get(1).replaceFirst("^--", "");
        if (!settableOptions().contains(name)) {
            err.println("tls-doctor: no command has an option --" + name + " (settable: " + String.join(", ", settableOptions()) + ")");
            return 3;
        }
        String value = String.join(",", args.subList(2, args.size()));
        settings.put(name, value);
        remember(List.of("--" + name, value));
        return 0;
    }

    private void showSettings(PrintWriter out) {
        if (settings.isEmpty()) {
            out.println("no settings (set certs-dir DIR, set host NAME, set user USER, or any other option name)");
        }
        settings.forEach((name, value) -> out.printf("%-12s %s%n", name, value));
    }

    private void help(PrintWriter out) {
        out.println("Commands (help <command> shows its options):");
        // laid out as picocli lays out --help: wrapped at its width, with a hanging indent
        Column name = new Column(12, 2, Column.Overflow.SPAN);
        Column text = new Column(root.usageMessage().width() - name.width, 0, Column.Overflow.WRAP);
        TextTable table = TextTable.forColumns(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF), name, text);
        for (Map.Entry<String, CommandLine> sub : root.subcommands().entrySet()) {
            table.addRowValues(sub.getKey(), summary(sub.getValue().getCommandSpec()));
        }
        out.print(table);
        out.println("Session:");
        out.println("  set <option> <value>   a default for that option in every command: set certs-dir DIR, set host H, set user U");
        out.println("  unset <option>, show settings, exit (or Ctrl-D)");
        out.println("Paste a PEM block to inspect it, or an error message to explain it.");
        out.println("Tab completes commands, options, files, rule ids and hosts. Ctrl-C cancels a running command.");
    }

    /**
     * What a command does, in one sentence: its header, else the first sentence of its description.
     * Picocli formats these with {@code %n} for line breaks (its own help command's description starts
     * with one), so they are formatted as picocli would before use.
     */
    static String summary(CommandSpec command) {
        String[] lines = command.usageMessage().header().length > 0 ? command.usageMessage().header() : command.usageMessage().description();
        String text = String.format(String.join(" ", lines)).replaceAll("\\s+", " ").strip();
        java.util.regex.Matcher sentence = Pattern.compile("^.*?[.!?](?=\\s|$)").matcher(text);
        return sentence.find() ? sentence.group() : text;
    }

    /** Hosts and users given in commands, for completion later. */
    private void remember(List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--host")) {
                hosts.addAll(List.of(args.get(i + 1).split(",")));
            } else if (args.get(i).equals("--user")) {
                users.add(args.get(i + 1));
            }
        }
    }

    /** The words of a command line, as a POSIX shell splits them. */
    static List<String> split(String line) {
        return ShellWords.split(line, System.getProperty("user.home"));
    }
}
