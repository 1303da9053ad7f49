package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.client.ClientUrlLoader;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.common.Version;
import dev.tlsdoctor.probe.ClientIdentity;
import dev.tlsdoctor.probe.Endpoint;
import dev.tlsdoctor.probe.ProbeMode;
import dev.tlsdoctor.probe.ProbeResult;
import dev.tlsdoctor.probe.ProbeRunner;
import dev.tlsdoctor.probe.ProbeSettings;
import dev.tlsdoctor.probe.ServedEvidence;
import dev.tlsdoctor.probe.TrustSources;
import dev.tlsdoctor.report.CertSummary;
import dev.tlsdoctor.report.ProbeReport;
import dev.tlsdoctor.report.Redaction;
import dev.tlsdoctor.report.Report;
import dev.tlsdoctor.report.ReportSections;
import dev.tlsdoctor.report.Status;
import dev.tlsdoctor.report.TicketReport;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tls-doctor report}: everything the checks know, in one document to attach to a support ticket. */
@Command(name = "report", sortOptions = false,
        description = {
            "Runs every applicable check and writes one Markdown (or JSON) report for a support ticket: environment,"
                    + " certificate inventory with fingerprints and expiry, chains, the certificates each --host serves (probed"
                    + " over pgwire and direct TLS, port 26257 unless given), findings with fixes. It holds no key material and"
                    + " no passwords or tokens; --redact-hosts also masks host names and IP addresses.",
            "Exit status: as check (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN); the report is written in every case."})
final class ReportCommand implements Callable<Integer> {
    /** Environment variables whose values are safe to show and matter to TLS; others are listed by name only. */
    private static final Set<String> SHOWN = Set.of("COCKROACH_CERTS_DIR", "COCKROACH_SKIP_KEY_PERMISSION_CHECK",
            "COCKROACH_TLS_ENABLE_OLD_CIPHER_SUITES", "COCKROACH_CERT_NODE_USER", "COCKROACH_INSECURE", "COCKROACH_HOST",
            "COCKROACH_PORT", "COCKROACH_USER", "COCKROACH_URL", "PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY",
            "PGHOST", "PGPORT", "PGUSER");
    private static final Pattern RELEVANT = Pattern.compile("COCKROACH_.*|PGSSL.*|PGHOST|PGPORT|PGUSER|PGPASSWORD|PGPASSFILE");
    private static final Pattern HOST_IN_URL = Pattern.compile("://(?:[^@/\\s]*@)?(\\[[^]]+]|[^:/?\\s,]+)");

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--redact-hosts", description = "Mask host names and IP addresses (the same host gets the same mask throughout).")
    boolean redactHosts;

    @Option(names = "--no-probe", description = "Do not dial the --host endpoints: --host then only names the hosts the certificates must be valid for.")
    boolean noProbe;

    @Mixin
    NetworkOptions network = new NetworkOptions(ProbeSettings.DEFAULT_TIMEOUT); // each probe of a --host

    @Mixin
    JudgingOptions judging = new JudgingOptions();

    @Mixin
    KubernetesOptions kubernetes = new KubernetesOptions();

    @Mixin
    OcspOptions ocspOptions = new OcspOptions();

    @Mixin
    OutputOptions output = new OutputOptions("report", OutputFormat.markdown, OutputFormat.json);

    @Override
    public Integer call() {
        output.format(); // a format report does not write is refused before anything is done
        Instant now = Instant.now();
        RunSettings settings = judging.settings(PrincipalMap.NONE);
        Instant at = settings.at();
        RuleEngine engine = judging.engine();
        Path dir = target.certsDirOrDefault();
        List<Evidence> evidence = new ArrayList<>();
        String couldNotCheck = null;
        List<String> hosts = new ArrayList<>(target.hosts());
        hosts.addAll(kubernetes.hosts());
        if (kubernetes.hasSecrets()) {
            evidence.addAll(kubernetes.evidence(hosts, null, at));
        }
        try {
            if (!kubernetes.hasSecrets() || target.certsDir != null) {
                evidence.addAll(new CertsDirLoader(dir, hosts, target.user, at).load());
            }
        } catch (BadFileException e) {
            couldNotCheck = e.getMessage(); // the report is still worth sending: it says what is missing
        }
        List<ProbeResult> probed = noProbe ? List.of() : probeHosts(dir, at);
        if (!probed.isEmpty()) {
            evidence.addAll(ServedEvidence.of(probed, trust(dir), dir, at, true));
        }
        evidence = ocspOptions.addRevocationEvidence(evidence);
        Report checked = new Diagnosis(engine, settings).certificates(evidence).report();
        Status status = couldNotCheck != null ? Status.UNKNOWN : ProbeReport.status(checked.findings());
        Report report = new Report(checked.tool(), checked.version(), status, checked.findings(), checked.certificates());

        Map<String, String> variables = variables(System.getenv());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("tls-doctor", Version.get());
        facts.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        facts.put("operating system", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        facts.put("written at", now.toString());
        facts.put("validity judged at", at.toString());
        if (kubernetes.hasSecrets()) {
            facts.put("Kubernetes Secrets", String.join(", ", kubernetes.secrets));
        }
        if (!kubernetes.hasSecrets() || target.certsDir != null) {
            facts.put("certs directory", dir.toString());
        }
        if (!kubernetes.hosts().isEmpty()) {
            facts.put("StatefulSet host names", String.join(", ", kubernetes.hosts()));
        }
        if (!target.hosts.isEmpty()) {
            facts.put("hosts", String.join(", ", target.hosts));
        }
        if (target.user != null) {
            facts.put("user", target.user);
        }
        List<TicketReport.Section> sections = new ArrayList<>(List.of(
                ReportSections.environment(facts, variables),
                ReportSections.certificates(report.certificates()),
                ReportSections.chains(evidence)));
        if (!probed.isEmpty()) {
            sections.add(ReportSections.served(probed, at));
        }
        sections.add(ReportSections.findings(report.findings(), couldNotCheck));
        TicketReport ticket = new TicketReport(report, now, sections);
        Redaction redaction = new Redaction(redactHosts, knownHosts(report.certificates(), variables));
        Diagnosed run = new Diagnosed(report, engine.catalog(), settings).withTicket(ticket, redaction);
        spec.commandLine().getOut().print(output.render(run));
        return run.exitCode();
    }

    /** Each --host probed in both modes, logging in as --user with its certificate from the certs directory when there is one. */
    private List<ProbeResult> probeHosts(Path dir, Instant at) {
        List<Endpoint> endpoints;
        try {
            endpoints = Endpoint.parseAll(target.hosts);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (endpoints.isEmpty()) {
            return List.of();
        }
        ClientIdentity identity = null;
        if (target.user != null) {
            try {
                identity = ClientIdentity.forUser(dir, target.user);
            } catch (BadFileException e) {
                // the certificate inventory and findings already say what is wrong with it; probe without logging in
            }
        }
        ProbeSettings settings = new ProbeSettings(network.timeout(), null, identity, target.user, ProbeSettings.DEFAULT_DATABASE);
        return ProbeRunner.run(endpoints, List.of(ProbeMode.PGWIRE, ProbeMode.TLS), settings, ProbeRunner.DEFAULT_CONCURRENCY, (done, total) -> { });
    }

    /** What served chains are verified against: the certs directory's CAs, else the system trust store. */
    private static TrustSources trust(Path dir) {
        try {
            return TrustSources.load(null, List.of(), dir);
        } catch (BadFileException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The TLS-related variables of {@code env}: values where safe (URLs without their passwords), else only that they are set. */
    static Map<String, String> variables(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (RELEVANT.matcher(name).matches()) {
                out.put(name, SHOWN.contains(name) ? ClientUrlLoader.mask(value) : "(set; value not shown)");
            }
        });
        return out;
    }

    /** Every host name and address the report may mention: SANs, host-like CNs, --host, hosts in the variables. */
    private Set<String> knownHosts(List<CertSummary> certificates, Map<String, String> variables) {
        Set<String> out = new LinkedHashSet<>(target.hosts);
        out.addAll(kubernetes.hosts());
        for (CertSummary c : certificates) {
            for (String san : c.sans()) {
                if (san.startsWith("DNS:") || san.startsWith("IP:")) {
                    out.add(san.substring(san.indexOf(':') + 1));
                }
            }
            for (String name : List.of(c.subject(), c.issuer())) {
                Matcher cn = Pattern.compile("(?:^|,)CN=([^,]+)").matcher(name);
                if (cn.find() && cn.group(1).matches("[\\w*-]+(\\.[\\w-]+)+")) {
                    out.add(cn.group(1));
                }
            }
        }
        for (String name : List.of("COCKROACH_HOST", "PGHOST")) {
            if (variables.containsKey(name)) {
                out.addAll(List.of(variables.get(name).replaceAll(":\\d+$", "").split(",")));
            }
        }
        Matcher url = HOST_IN_URL.matcher(String.join(" ", variables.values()));
        while (url.find()) {
            out.add(url.group(1).replaceAll("^\\[|]$", ""));
        }
        return out;
    }
}
