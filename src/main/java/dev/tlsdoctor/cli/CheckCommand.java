package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertCorpus;
import dev.tlsdoctor.certs.CertFilesLoader;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.certs.Purpose;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.probe.ChangefeedSink;
import dev.tlsdoctor.probe.ProbeSettings;
import dev.tlsdoctor.probe.Redact;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import java.nio.file.Path;
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

/** {@code tls-doctor check}: the certificate-directory doctor, or a check of single certificate files. */
@Command(name = "check", sortOptions = false,
        description = {
            "Checks a CockroachDB certs directory the way CockroachDB will judge it, the certificate FILEs given, Kubernetes Secrets as kubectl printed them (--k8s-secret), or every certificate file under a tree (--recursive).",
            "Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (could not check)."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--cert-principal-map", paramLabel = "A:B,...", description = "As the cockroach flag: maps certificate principals to database users.")
    String principalMap;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Option(names = "--purpose", paramLabel = "server|client|any", description = "With FILEs or --recursive: what the certificate is for (default: server when --host is given, else any).")
    Purpose purpose;

    @Option(names = "--changefeed-uri", paramLabel = "URI",
            description = "A changefeed sink URI (kafka://…?tls_enabled=true&ca_cert=…&client_cert=…&client_key=…): decode and check its certificates and key.")
    String changefeedUri;

    @Option(names = "--probe", description = "With --changefeed-uri: also handshake with the sink using its certificates (timeout 5s).")
    boolean probeSink;

    @Mixin
    JudgingOptions judging = new JudgingOptions();

    @Mixin
    KubernetesOptions kubernetes = new KubernetesOptions();

    @Mixin
    PasswordOption password = new PasswordOption();

    @Mixin
    OcspOptions ocspOptions = new OcspOptions();

    @Mixin
    OutputOptions output = new OutputOptions("check", OutputFormat.text, OutputFormat.json, OutputFormat.nagios, OutputFormat.prometheus);

    @Option(names = "--recursive", paramLabel = "DIR",
            description = {"Check every certificate file under DIR, each on its own as a FILE is checked, and count: files seen, certificates parsed, findings by rule, failures by reason.",
                "Chains are built from the CA certificates found in DIR; they are trusted unless --ca is given. Symbolic links are followed, loops are not."})
    Path recursive;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Certificate files to check instead of a certs directory (PEM, DER, PKCS#7, PKCS#12, JKS/JCEKS key stores, Vault JSON, Cloud JSON).")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        return output.run(spec.commandLine().getOut(), this::diagnose);
    }

    private int diagnose() {
        OutputFormat format = output.format();
        RunSettings settings = settings();
        Instant at = settings.at();
        List<String> hosts = new ArrayList<>(target.hosts());
        hosts.addAll(kubernetes.hosts());
        RuleEngine engine = judging.engine();
        if (recursive != null) {
            refuseWithRecursive(format);
            return RecursiveCheck.run(new CertCorpus(recursive, trust.caFile, trust.untrusted, hosts, purpose(), at, password.passwords()), engine, settings, format,
                    spec.commandLine().getOut());
        }
        List<Evidence> evidence = new ArrayList<>();
        ChangefeedSink sink = sink();
        try {
            if (sink == null && !kubernetes.hasSecrets() || target.certsDir != null || !files.isEmpty()) {
                evidence.addAll(files.isEmpty()
                        ? new CertsDirLoader(target.certsDirOrDefault(), hosts, target.user, at).load()
                        : new CertFilesLoader(files, trustFile(), trust.untrusted, hosts, purpose(), at, password.passwords()).load());
            }
        } catch (BadFileException e) {
            throw new UserError(e.getMessage());
        }
        if (kubernetes.hasSecrets()) {
            if (target.user != null && target.certsDir == null) {
                throw new UserError("--user goes with a certs directory; with --k8s-secret every client Secret is checked as the user it is mounted for");
            }
            evidence.addAll(kubernetes.evidence(hosts, null, at));
        }
        if (sink != null) {
            try {
                evidence.addAll(sink.evidence(probeSink, ProbeSettings.DEFAULT_TIMEOUT, at));
            } catch (IllegalArgumentException e) {
                throw new UserError("--changefeed-uri: " + e.getMessage());
            }
        }
        evidence = ocspOptions.addRevocationEvidence(evidence);
        Diagnosed run = new Diagnosis(engine, settings).certificates(evidence).withSamples(ocspOptions.monitoringSamples());
        String rendered = output.render(run);
        spec.commandLine().getOut().print(sink == null ? rendered : Redact.scrub(rendered, sink.secrets()));
        return run.exitCode();
    }

    /** What a tree run cannot honour: the options of the other two ways to check, and the formats that report one set of certificates. */
    private void refuseWithRecursive(OutputFormat format) {
        String other = !files.isEmpty() ? "FILE arguments" : target.certsDir != null ? "--certs-dir" : kubernetes.hasSecrets() ? "--k8s-secret" : target.user != null ? "--user"
                : changefeedUri != null ? "--changefeed-uri" : ocspOptions.enabled ? "--ocsp" : format.isMonitoring() ? "--format " + format : null;
        if (other != null) {
            throw new UserError("--recursive checks the tree on its own; it does not go with " + other);
        }
    }

    private ChangefeedSink sink() {
        if (changefeedUri == null) {
            if (probeSink) {
                throw new UserError("--probe goes with --changefeed-uri");
            }
            return null;
        }
        try {
            return ChangefeedSink.parse(changefeedUri);
        } catch (IllegalArgumentException e) {
            throw new UserError("--changefeed-uri: " + e.getMessage());
        }
    }

    private RunSettings settings() {
        PrincipalMap map;
        try {
            map = principalMap == null ? PrincipalMap.NONE : PrincipalMap.parse(principalMap);
        } catch (IllegalArgumentException e) {
            throw new UserError("--cert-principal-map: " + e.getMessage());
        }
        return judging.settings(map);
    }

    /** {@code --ca}, else {@code ca.crt} of an explicitly given certs dir, else null (system trust). */
    private Path trustFile() {
        if (trust.caFile != null) {
            return trust.caFile;
        }
        return target.certsDir != null ? target.certsDir.resolve("ca.crt") : null;
    }

    private Purpose purpose() {
        if (purpose != null) {
            return purpose;
        }
        return target.hosts.isEmpty() ? Purpose.ANY : Purpose.SERVER;
    }
}
