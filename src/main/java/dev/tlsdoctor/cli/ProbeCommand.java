package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.FileBytes;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.probe.ClientIdentity;
import dev.tlsdoctor.probe.Endpoint;
import dev.tlsdoctor.probe.ProbeMode;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.probe.ProbeRunner;
import dev.tlsdoctor.probe.ProbeSettings;
import dev.tlsdoctor.probe.ServedEvidence;
import dev.tlsdoctor.probe.TrustSources;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import java.nio.charset.StandardCharsets;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tls-doctor probe}: what running nodes actually serve and accept. */
@Command(name = "probe", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Handshakes with running nodes, over pgwire (SSLRequest, then TLS) and directly (RPC, DB Console), and diagnoses what they serve and accept: "
                    + "the served chain judged by every certificate rule, client-certificate and SQL login verdicts, TLS versions, "
                    + "and whether a node still serves an old certificate.",
            "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (an endpoint could not be checked and nothing else is critical)."})
final class ProbeCommand implements Callable<Integer> {
    enum ModeChoice { auto, pgwire, tls }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "HOST[:PORT]", arity = "0..*", description = "Endpoints (port 26257 unless given; IPv6 as [::1]:26257).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--hosts-file", paramLabel = "FILE", description = "More endpoints, one or more per line; '#' starts a comment.")
    Path hostsFile;

    @Option(names = "--mode", paramLabel = "auto|pgwire|tls",
            description = "pgwire: SSLRequest then TLS (SQL clients); tls: direct TLS (nodes, DB Console, brokers); auto: both (default).")
    ModeChoice mode = ModeChoice.auto;

    @Option(names = "--certs-dir", paramLabel = "DIR",
            description = "Certs directory: ca.crt to verify with, client.<user>.crt/.key to log in with, node.crt/ui.crt to compare with what is served"
                    + " (default: $COCKROACH_CERTS_DIR, else ~/.cockroach-certs if it exists).")
    Path certsDir;

    @Mixin
    TrustOptions trustOptions = new TrustOptions();

    @Option(names = "--user", paramLabel = "USER", description = "Log in over pgwire as USER with client.USER.crt/.key from the certs dir (or --cert/--key).")
    String user;

    @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate to present (with --key); any format 'inspect' reads.")
    Path certFile;

    @Option(names = "--key", paramLabel = "FILE", description = "Its private key (PKCS#1, PKCS#8 PEM or DER, SEC1); used only in the handshake.")
    Path keyFile;

    @Option(names = "--database", paramLabel = "DB", description = "Database named in the SQL login (default: defaultdb).")
    String database = ProbeSettings.DEFAULT_DATABASE;

    @Option(names = "--sni", paramLabel = "NAME", description = "Server name to send and to check the certificate against (default: the host dialled).")
    String sni;

    @Mixin
    NetworkOptions network = new NetworkOptions(ProbeSettings.DEFAULT_TIMEOUT);

    @Option(names = "--concurrency", paramLabel = "N", description = "Probes in flight at once (default: " + ProbeRunner.DEFAULT_CONCURRENCY + ").")
    int concurrency = ProbeRunner.DEFAULT_CONCURRENCY;

    @Mixin
    JudgingOptions judging = new JudgingOptions();

    @Mixin
    OcspOptions ocspOptions = new OcspOptions();

    @Mixin
    OutputOptions output = new OutputOptions("probe", OutputFormat.text, OutputFormat.json, OutputFormat.nagios, OutputFormat.prometheus);

    @Override
    public Integer call() {
        return output.run(spec.commandLine().getOut(), this::probe);
    }

    private int probe() {
        List<Endpoint> endpoints = endpoints();
        // how rules judge endpoints: the moment and thresholds asked for; certificate-to-user mapping is the server's business here
        RunSettings rules = judging.settings(PrincipalMap.NONE);
        Instant at = rules.at();
        RuleEngine engine = judging.engine();
        Duration bound = network.timeout();
        if (concurrency < 1) {
            throw new UserError("--concurrency must be at least 1");
        }
        Path dir = certsDir();
        TrustSources trust;
        ClientIdentity identity;
        try {
            trust = TrustSources.load(trustOptions.caFile, trustOptions.untrusted, dir);
            identity = identity(dir);
        } catch (BadFileException e) {
            throw new UserError(e.getMessage());
        }
        ProbeSettings settings = new ProbeSettings(bound, sni, identity, user, database);
        List<ProbeMode> modes = switch (mode) {
            case auto -> List.of(ProbeMode.PGWIRE, ProbeMode.TLS);
            case pgwire -> List.of(ProbeMode.PGWIRE);
            case tls -> List.of(ProbeMode.TLS);
        };
        ProbeRunner.Progress progress = StderrProgress.on(spec.commandLine().getErr());
        List<ProbeResult> results = ProbeRunner.run(endpoints, modes, settings, concurrency, progress);
        if (progress instanceof StderrProgress shown) {
            shown.finish();
        }
        List<Evidence> evidence = new ArrayList<>(ocspOptions.addRevocationEvidence(ServedEvidence.of(results, trust, dir, at, true)));
        evidence.addAll(trust.unreadable()); // an --untrusted file that does not parse: reported, not dropped
        Diagnosed run = new Diagnosis(engine, rules).endpoints(evidence, results).withSamples(ocspOptions.monitoringSamples());
        spec.commandLine().getOut().print(output.render(run));
        return run.exitCode();
    }

    private List<Endpoint> endpoints() {
        List<String> texts = new ArrayList<>(targets);
        if (hostsFile != null) {
            try {
                for (String line : new String(FileBytes.read(hostsFile), StandardCharsets.UTF_8).split("\\R")) {
                    String content = line.replaceFirst("#.*", "").strip();
                    if (!content.isEmpty()) {
                        texts.addAll(List.of(content.split("[\\s,]+")));
                    }
                }
            } catch (BadFileException e) {
                throw new UserError("--hosts-file " + e.getMessage());
            }
        }
        if (texts.isEmpty()) {
            throw new UserError("nothing to probe: give HOST[:PORT] arguments or --hosts-file");
        }
        try {
            return Endpoint.parseAll(texts);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** --certs-dir, else $COCKROACH_CERTS_DIR, else ~/.cockroach-certs when it exists (as cockroach sql looks), else none. */
    private Path certsDir() {
        if (certsDir != null) {
            if (!Files.isDirectory(certsDir)) {
                throw new UserError(certsDir + ": no such certs directory");
            }
            return certsDir;
        }
        String env = System.getenv("COCKROACH_CERTS_DIR");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        Path home = Path.of(System.getProperty("user.home"), ".cockroach-certs");
        return Files.isDirectory(home) ? home : null;
    }

    private ClientIdentity identity(Path dir) throws BadFileException {
        if ((certFile == null) != (keyFile == null)) {
            throw new UserError("--cert and --key go together");
        }
        if (certFile != null) {
            return ClientIdentity.load(certFile, keyFile);
        }
        if (user != null) {
            if (dir == null) {
                throw new UserError("--user " + user + " needs --certs-dir (for client." + user + ".crt) or --cert/--key");
            }
            return ClientIdentity.forUser(dir, user);
        }
        return null;
    }
}
