package dev.tlsdoctor.cli;

import dev.tlsdoctor.demo.DemoDeployment;
import dev.tlsdoctor.demo.DemoDeployment.PlantedFlaw;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tls-doctor demo}: a flawed deployment on 127.0.0.1, diagnosed end to end with the real commands. */
@Command(name = "demo", sortOptions = false,
        description = {
            "Starts on 127.0.0.1 a stand-in CockroachDB node (SSLRequest handshake, direct TLS, SQL login by certificate) and an OCSP"
                    + " responder, with a deliberately flawed certificate set; runs 'check' and 'probe' against them as you would against your"
                    + " own cluster (files, handshake, SQL login, OCSP) and prints the findings with fixes; then stops them. Needs only Java.",
            "Exit status: 0 when the diagnosis found every planted flaw, 2 when it missed one (a bug: please report it), 3 when the demo could not run."})
final class DemoCommand implements Callable<Integer> {
    private static final Pattern FINDING = Pattern.compile("^\\s*(?:ERROR|WARNING|INFO)\\s+([a-z0-9-]+):", Pattern.MULTILINE);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Write the demo's certs directory here and keep it afterwards (DIR must not exist or be empty); default: a temporary directory, removed at the end.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path base = dir != null ? keptDir(dir) : Files.createTempDirectory("tls-doctor-demo");
        Path certs = dir != null ? dir : base.resolve("certs");
        Set<String> found = new HashSet<>();
        try (DemoDeployment demo = DemoDeployment.start(certs)) {
            out.println("tls-doctor demo: a small CockroachDB deployment with planted certificate problems, diagnosed end to end.");
            out.println();
            out.println("  certs directory  " + certs + (dir != null ? "" : "  (removed at the end; --dir DIR keeps one)"));
            out.println("  node             " + demo.nodeAddress() + "  pgwire SSLRequest + TLS and direct TLS, as cockroach start; SQL login by certificate");
            out.println("  OCSP responder   " + demo.ocspUrl() + "  named in each certificate's Authority Information Access");
            out.println("  the story        the node's certificate was rotated after its key leaked; the new files have problems of their own,");
            out.println("                   and nobody told the running node to reload");
            found.addAll(step(out, err, "1. The files, as CockroachDB's loader reads them, and OCSP",
                    "check", "--certs-dir", certs.toString(), "--host", "127.0.0.1", "--ocsp"));
            found.addAll(step(out, err, "2. The running node: handshakes, SQL login as " + DemoDeployment.USER + ", OCSP on what it serves",
                    "probe", demo.nodeAddress(), "--certs-dir", certs.toString(), "--user", DemoDeployment.USER, "--ocsp"));
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("demo: cannot start on 127.0.0.1: " + e.getMessage());
        } finally {
            if (dir == null) {
                deleteTree(base);
            }
        }
        return summary(out, found);
    }

    /** Runs one real command line, shows it and its output, and returns the rule ids its findings name. */
    private static Set<String> step(PrintWriter out, PrintWriter err, String title, String... args) {
        out.println();
        out.println("== " + title);
        out.println("$ tls-doctor " + String.join(" ", args));
        StringWriter shown = new StringWriter();
        Main.run(args, new PrintWriter(shown), err);
        out.print(shown);
        out.flush();
        Set<String> rules = new HashSet<>();
        Matcher m = FINDING.matcher(ANSI.matcher(shown.toString()).replaceAll(""));
        while (m.find()) {
            rules.add(m.group(1));
        }
        return rules;
    }

    private static int summary(PrintWriter out, Set<String> found) {
        out.println();
        out.println("== What the demo planted, and whether the diagnosis named it");
        List<PlantedFlaw> missed = new ArrayList<>();
        for (PlantedFlaw flaw : DemoDeployment.FLAWS) {
            boolean named = found.contains(flaw.rule());
            if (!named) {
                missed.add(flaw);
            }
            out.printf("  %s %-20s %-10s %s%n", named ? "found " : "MISSED", flaw.rule(), flaw.evidence(), flaw.what());
        }
        out.println();
        if (!missed.isEmpty()) {
            out.println("The diagnosis missed " + missed.size() + " planted flaw(s): that is a bug in tls-doctor, please report it.");
            return 2;
        }
        out.println("All " + DemoDeployment.FLAWS.size() + " planted flaws found. On your own cluster:");
        out.println("  tls-doctor check --certs-dir <certs dir> --host <node address>    # the files");
        out.println("  tls-doctor probe <node>:26257 --certs-dir <certs dir> --user root # the running node");
        out.println("  tls-doctor                                                        # the interactive shell");
        return 0;
    }

    /** The user's --dir: created, or accepted when empty; never a directory with files in it. */
    private static Path keptDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            } catch (IOException e) {
                throw new UserError(dir + ": " + e.getMessage());
            }
            if (!empty) {
                throw new UserError(dir + ": not empty; the demo writes its certificates only into a new or empty directory");
            }
        }
        return dir;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
