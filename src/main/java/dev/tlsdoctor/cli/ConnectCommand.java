package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.probe.ClientIdentity;
import dev.tlsdoctor.probe.Endpoint;
import dev.tlsdoctor.probe.JdbcConnect;
import dev.tlsdoctor.probe.PgUrl;
import dev.tlsdoctor.probe.ProbeMode;
import dev.tlsdoctor.probe.ProbeOutcome;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.probe.ProbeSettings;
import dev.tlsdoctor.probe.Prober;
import dev.tlsdoctor.probe.Redact;
import dev.tlsdoctor.probe.ServedEvidence;
import dev.tlsdoctor.probe.TrustSources;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tls-doctor connect}: connects with the PostgreSQL JDBC driver as a Java application would, and explains a failure. */
@Command(name = "connect", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Connects with the PostgreSQL JDBC driver exactly as a Java application would (sslmode, sslrootcert, sslcert, sslkey) "
                    + "and turns a failure into findings with fixes; when the TLS handshake fails, it also probes the server to say why. "
                    + "Passwords and other secrets in the URL never appear in the output.",
            "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the server could not be reached)."})
final class ConnectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "postgresql://user@host:26257/db?sslmode=verify-full&sslrootcert=…&sslcert=…&sslkey=… (or a jdbc:postgresql:// URL); "
                    + "'-' reads it from standard input, which keeps a password out of the process list.")
    String url;

    @Mixin
    NetworkOptions network = new NetworkOptions(ProbeSettings.DEFAULT_TIMEOUT); // the URL's own connectTimeout/loginTimeout win

    @Mixin
    JudgingOptions judging = new JudgingOptions();

    @Mixin
    OutputOptions output = new OutputOptions("connect", OutputFormat.text, OutputFormat.json);

    @Override
    public Integer call() {
        PgUrl parsed;
        try {
            parsed = PgUrl.parse(url.equals("-") ? urlFromStdin() : url);
        } catch (IllegalArgumentException e) {
            throw new UserError("--url: " + e.getMessage()); // never echo the URL: it may hold a password
        }
        Duration bound = network.timeout();
        RunSettings settings = judging.settings(PrincipalMap.NONE); // certificate-to-user mapping is the server's business here
        Instant at = settings.at();
        RuleEngine engine = judging.engine();
        List<Evidence> evidence = new ArrayList<>(JdbcConnect.attempt(parsed, bound));
        ProbeResult jdbc = evidence.stream().filter(ProbeResult.class::isInstance).map(ProbeResult.class::cast).findFirst().orElse(null);
        List<ProbeResult> results = new ArrayList<>();
        if (jdbc != null) {
            results.add(jdbc);
            if (jdbc.outcome() == ProbeOutcome.SERVER_CERT_REJECTED || jdbc.outcome() == ProbeOutcome.HANDSHAKE_FAILED) {
                results.addAll(diagnose(parsed, jdbc.endpoint(), bound, at, evidence));
            }
        }
        Diagnosed run = new Diagnosis(engine, settings).endpoints(evidence, results);
        spec.commandLine().getOut().print(Redact.scrub(output.render(run), parsed.secrets()));
        return run.exitCode();
    }

    private static String urlFromStdin() {
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw new UserError("--url -: no URL on standard input");
            }
            return line.strip();
        } catch (java.io.IOException e) {
            throw new UserError("--url -: cannot read standard input: " + e.getMessage());
        }
    }

    /**
     * Probes the server over pgwire with the URL's own CA and client certificate, to say why the driver's
     * handshake failed: the served chain (judged as the driver judges it) and, when the handshake itself
     * fails in our probe too, its result.
     */
    private static List<ProbeResult> diagnose(PgUrl url, Endpoint endpoint, Duration bound, Instant at, List<Evidence> evidence) {
        Path root = url.param("sslrootcert");
        if (root == null && Files.isReadable(Path.of(System.getProperty("user.home"), ".postgresql", "root.crt"))) {
            root = Path.of(System.getProperty("user.home"), ".postgresql", "root.crt");
        }
        TrustSources trust;
        ClientIdentity identity = null;
        try {
            trust = TrustSources.load(root, List.of(), null);
        } catch (BadFileException e) {
            return List.of(); // the unreadable CA file is already a finding of its own
        }
        if (url.param("sslcert") != null && url.param("sslkey") != null) {
            try {
                identity = ClientIdentity.load(url.param("sslcert"), url.param("sslkey"));
            } catch (BadFileException e) {
                identity = null; // reported as the driver reads it; probe without a client certificate
            }
        }
        ProbeSettings settings = new ProbeSettings(bound, null, identity, url.user(), url.database());
        ProbeResult probe = new Prober(settings).probe(endpoint, ProbeMode.PGWIRE);
        List<Evidence> served = ServedEvidence.of(List.of(probe), trust, null, at, url.sslmode().equals("verify-full"));
        boolean explainsItself = probe.outcome() != ProbeOutcome.OK && probe.outcome() != ProbeOutcome.SQL_AUTH_FAILED;
        for (Evidence item : served) {
            if (!(item instanceof ProbeResult) || explainsItself) {
                evidence.add(item);
            }
        }
        return explainsItself ? List.of(probe) : List.of();
    }
}
