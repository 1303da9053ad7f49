package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.ClientKey;
import dev.tlsdoctor.certs.KeyReader;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.client.ClientUrlLoader;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.explain.ExplainMatcher;
import dev.tlsdoctor.explain.ExplainText;
import dev.tlsdoctor.explain.Explainer;
import dev.tlsdoctor.explain.Explanation;
import dev.tlsdoctor.explain.PastedError;
import dev.tlsdoctor.explain.Recognised;
import dev.tlsdoctor.explain.Side;
import dev.tlsdoctor.report.JsonReport;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.checks.AllChecks;
import dev.tlsdoctor.rules.checks.FixCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tls-doctor explain}: which rules are behind a pasted error message, with the fix; checks files to decide. */
@Command(name = "explain", sortOptions = false,
        description = {
            "Explains an error message pasted from psql/libpq, cockroach sql, Go, the PostgreSQL JDBC driver (DBeaver), Python, Node.js,"
                    + " OpenSSL or a CockroachDB node log: the rules behind it, most likely first, with the fix. With --certs-dir (and --host,"
                    + " --user, --url) it checks those files and settings to confirm or rule out each cause.",
            "Exit status: 0 recognised, 3 nothing recognised."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ERROR-TEXT", arity = "0..*",
            description = "The error message (quote it). Without it, or with -, it is read from standard input.")
    List<String> text = new ArrayList<>();

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--url", paramLabel = "URL",
            description = "The connection URL the client used (postgresql://... or jdbc:postgresql://...); its sslmode, files and key are checked. Passwords are never shown.")
    String url;

    @Mixin
    JudgingOptions judging = new JudgingOptions();

    @Mixin
    OutputOptions output = new OutputOptions("explain", OutputFormat.text, OutputFormat.json);

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        String pasted = text.isEmpty() || text.equals(List.of("-")) ? StandardInput.readText(PastedError.MAX_CHARS) : String.join(" ", text);
        if (pasted.isBlank()) {
            throw new UserError("explain: no error text (give it as an argument, quoted, or on standard input)");
        }
        RunSettings settings = judging.settings(PrincipalMap.NONE);
        Instant at = settings.at();
        RuleEngine engine = judging.engine();
        List<Recognised> messages = new ExplainMatcher(engine.catalog()).match(new PastedError(pasted));

        Set<String> checkHosts = new LinkedHashSet<>(target.hosts());
        String checkUser = target.user;
        Set<Path> keyFiles = new LinkedHashSet<>();
        for (Recognised message : messages) {
            for (Recognised.Candidate c : message.candidates().values()) {
                // what the paste names is what to check: the host dialled, the user, the key file
                if (c.rule().equals("san-missing-host") && c.vars().containsKey("host")) {
                    checkHosts.add(c.vars().get("host"));
                }
                checkUser = checkUser != null ? checkUser : c.vars().get("user");
                if (c.vars().containsKey("keyFile") && Files.isRegularFile(Path.of(c.vars().get("keyFile")))) {
                    keyFiles.add(Path.of(c.vars().get("keyFile")));
                }
            }
        }
        List<Evidence> evidence = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        if (target.certsDir != null) {
            try {
                evidence.addAll(new CertsDirLoader(target.certsDir, List.copyOf(checkHosts), checkUser, at).load());
            } catch (BadFileException e) {
                throw new UserError(e.getMessage());
            }
            checked.add("the certs directory " + target.certsDir + (checkHosts.isEmpty() ? "" : " for host " + String.join(", ", checkHosts))
                    + (checkUser == null ? "" : " and user " + checkUser));
        }
        for (String u : urls(pasted)) {
            try {
                evidence.addAll(ClientUrlLoader.load(u, target.certsDir));
                checked.add("the connection URL " + ClientUrlLoader.mask(u));
            } catch (IllegalArgumentException e) {
                throw new UserError("--url: " + e.getMessage());
            }
        }
        KeyReader reader = pasted.matches("(?s).*(?:org\\.postgresql|PSQLException|jdbc:|DBeaver).*") ? KeyReader.JDBC : KeyReader.PEM_CLIENTS;
        for (Path key : keyFiles) {
            evidence.add(ClientKey.read(key, "the key named in the error", reader));
            checked.add("the key file " + key + " as " + reader.description() + " read it");
        }
        List<Finding> findings = new Diagnosis(engine, settings).findings(evidence);
        Set<String> judged = AllChecks.ALL.stream().filter(c -> evidence.stream().anyMatch(c.evidenceType()::isInstance))
                .map(Check::ruleId).collect(Collectors.toSet());
        Explanation explanation = new Explainer(engine.catalog(), placeholders(checkUser, checkHosts))
                .explain(messages, findings, judged, Side.checkedIn(evidence), checked);
        spec.commandLine().getOut().print(format == OutputFormat.json ? JsonReport.render(explanation) : ExplainText.render(explanation, retry()));
        return explanation.matches().isEmpty() ? 3 : 0;
    }

    /** --url, then the connection URLs in the paste (a command line or a log line often carries one). */
    private List<String> urls(String pasted) {
        Set<String> urls = new LinkedHashSet<>();
        if (url != null) {
            urls.add(url);
        }
        Matcher m = ClientUrlLoader.URL_IN_TEXT.matcher(pasted);
        while (m.find()) {
            urls.add(m.group().replaceAll("[.,;:)\\]]+$", ""));
        }
        return List.copyOf(urls);
    }

    private String retry() {
        return target.certsDir == null
                ? "Run explain again with the certificates: tls-doctor explain --certs-dir <dir> [--host <host>] [--user <user>] [--url <url>] '<error>'"
                : "The checks of " + target.certsDir + " did not decide it: run explain with the certs directory of the other side of the connection too.";
    }

    /** Words for fix-template values neither the paste nor a check supplied. */
    private Map<String, String> placeholders(String checkUser, Set<String> checkHosts) {
        String dir = target.certsDir != null ? target.certsDir.toString() : "<certs-dir>";
        String u = checkUser != null ? checkUser : "<user>";
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("certsDir", dir);
        vars.put("user", u);
        vars.put("host", checkHosts.isEmpty() ? "<host>" : checkHosts.iterator().next());
        vars.put("file", "<certificate file>");
        vars.put("keyFile", "<key file>");
        vars.put("mode", "600");
        vars.put("trust", "ca.crt");
        vars.put("renewCommand", "cockroach cert create-node|create-client ... --overwrite   # 'tls-doctor check --certs-dir " + dir + "' prints the exact command");
        vars.put("reloadCommand", FixCommands.RELOAD);
        vars.put("createCommand", "cockroach cert create-ca|create-node|create-client ...   # 'tls-doctor check --certs-dir " + dir + "' prints the exact command");
        String checkPrints = "# 'tls-doctor check --certs-dir " + dir + "' prints the exact command";
        for (String command : List.of("caCommand", "repair", "fileFix", "tenantFix", "aiaCommand")) {
            vars.put(command, checkPrints);
        }
        vars.put("convertCommand", "for the JDBC driver: openssl pkcs8 -topk8 -inform PEM -outform DER -nocrypt -in client." + u + ".key -out client." + u + ".key.pk8\n"
                + "for libpq, Go, Node.js: openssl pkey -inform DER -in client." + u + ".key.pk8 -out client." + u + ".key");
        return vars;
    }
}
