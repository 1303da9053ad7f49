package dev.tlsdoctor.cli;

import dev.tlsdoctor.common.Version;
import dev.tlsdoctor.report.Status;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleFileException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tls-doctor} command line. */
@Command(name = "tls-doctor",
        scope = CommandLine.ScopeType.INHERIT, // --help and --version work on every subcommand too
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Finds and explains TLS certificate problems in CockroachDB deployments, with the fix for each.")
public final class Main implements Runnable {
    /** Every subcommand, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(CheckCommand.class, InspectCommand.class, RulesCommand.class,
            ProbeCommand.class, ConnectCommand.class, OcspCommand.class, ExplainCommand.class, ReportCommand.class, FixCommand.class, DemoCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        RuleCatalog.preload();
        if (args.length == 0) {
            System.exit(Repl.start()); // no command: the interactive shell (or commands piped in)
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and returns the exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, null);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, with option values the REPL's {@code set} gave as defaults. */
    static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IDefaultValueProvider defaults) {
        CommandLine cli = commandLine(args.length > 0 ? args[0] : null);
        if (defaults != null) {
            cli.setDefaultValueProvider(defaults);
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("tls-doctor: " + e.getMessage() + " (see 'tls-doctor " + commandPath(e.getCommandLine()) + "--help')");
            return Status.UNKNOWN.exitCode();
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof UserError || e instanceof RuleFileException) {
                err.println("tls-doctor: " + e.getMessage());
            } else {
                // A bug of ours: one line for the user; the stack trace only when asked for.
                err.println("tls-doctor: internal error: " + e + " (set TLS_DOCTOR_DEBUG=1 for details)");
                if (System.getenv("TLS_DOCTOR_DEBUG") != null) {
                    e.printStackTrace(err);
                }
            }
            return Status.UNKNOWN.exitCode();
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line with every subcommand, or only {@code first} when it names one: picocli builds
     * the model of each subcommand it is given, and for a one-shot run that is a large share of start-up.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new Main());
        List<Class<?>> wanted = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(first)).toList();
        for (Class<?> command : wanted.isEmpty() || "help".equals(first) ? COMMANDS : wanted) {
            cli.addSubcommand(command);
        }
        return cli;
    }

    private static String commandPath(CommandLine cmd) {
        String path = cmd.getCommandSpec().qualifiedName(" ");
        return path.equals("tls-doctor") ? "" : path.substring("tls-doctor ".length()) + " ";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tls-doctor " + Version.get()};
        }
    }
}
