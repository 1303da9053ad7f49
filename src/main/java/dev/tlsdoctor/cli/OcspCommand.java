package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFilesLoader;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.Purpose;
import dev.tlsdoctor.certs.UnreadableFile;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.ocsp.OcspMode;
import dev.tlsdoctor.ocsp.RevocationChecker;
import dev.tlsdoctor.ocsp.RevocationOptions;
import dev.tlsdoctor.report.MonitoringSamples;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import java.nio.file.Files;
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

/** {@code tls-doctor ocsp}: revocation status of certificates, as CockroachDB's OCSP check and other clients see it. */
@Command(name = "ocsp", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Checks whether certificates are revoked: asks the OCSP responders in their AIA exactly as CockroachDB does"
                    + " (SHA-256 CertID, POST, no nonce) and as openssl and most clients do (SHA-1 CertID, nonce, GET),"
                    + " verifies every answer in full, and reads CRL distribution points. Every certificate of a chain"
                    + " except its root is checked, with the next one as issuer.",
            "Exit status: 0 OK, 1 WARNING (e.g. a responder is unreachable in lax mode), 2 CRITICAL (revoked, or any"
                    + " failed check in strict mode), 3 UNKNOWN (could not check)."})
final class OcspCommand implements Callable<Integer> {
    /** The CA files of a certs directory, any of which may have issued a certificate given with it. */
    private static final List<String> CA_FILES = List.of("ca.crt", "ca-client.crt", "ca-client-tenant.crt", "ca-ui.crt");

    @Spec
    CommandSpec spec;

    @Option(names = "--issuer", paramLabel = "FILE", description = "The CA certificate that issued the CERTs (default: the CERT file's own chain, else the CA files of --certs-dir).")
    Path issuer;

    @Option(names = "--certs-dir", paramLabel = "DIR", description = "A CockroachDB certs directory: its CA files are the issuers; without CERTs, its certificates are checked.")
    Path certsDir;

    @Option(names = "--url", paramLabel = "URL", description = "Ask this OCSP responder about the CERTs instead of the URLs in their AIA (CockroachDB itself only uses AIA).")
    String url;

    @Option(names = "--mode", paramLabel = "lax|strict", description = "The security.ocsp.mode to judge by (default: lax).")
    OcspMode mode = OcspMode.LAX;

    @Mixin
    NetworkOptions network = new NetworkOptions(RevocationOptions.DEFAULT_TIMEOUT); // as security.ocsp.timeout

    @Mixin
    RuleOptions ruleOptions = new RuleOptions(); // no TimeOptions: --warn-days and --at mean nothing for revocation

    @Mixin
    OutputOptions output = new OutputOptions("ocsp", OutputFormat.text, OutputFormat.json, OutputFormat.nagios, OutputFormat.prometheus);

    @Parameters(paramLabel = "CERT", arity = "0..*", description = "Certificate files (PEM, DER, Vault JSON); certificates after the first are its chain and are checked too.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        return output.run(spec.commandLine().getOut(), this::check);
    }

    private int check() {
        RuleEngine engine = ruleOptions.engine();
        RunSettings settings = RunSettings.defaults();
        Instant now = settings.at();
        RevocationOptions options = new RevocationOptions(mode, network.timeout(), url);
        List<CertEvidence> certs = load(now);
        List<String> uncheckable = RevocationChecker.uncheckable(certs, options);
        if (!uncheckable.isEmpty()) {
            throw new UserError(uncheckable.get(0));
        }
        RevocationChecker.Result result = RevocationChecker.check(certs, options);
        Diagnosed run = new Diagnosis(engine, settings).judge(result.evidence(), certs)
                .withSamples(MonitoringSamples.revocation(result.evidence(), result.requestsSent()))
                .withTextPreface(RevocationView.text(result, options))
                .withJsonMember("revocation", RevocationView.json(result, options));
        spec.commandLine().getOut().print(output.render(run));
        return run.exitCode();
    }

    private List<CertEvidence> load(Instant now) {
        if (files.isEmpty() && certsDir == null) {
            throw new UserError("give the certificate files to check, or --certs-dir DIR (see 'tls-doctor ocsp --help')");
        }
        List<Evidence> loaded;
        try {
            loaded = files.isEmpty()
                    ? new CertsDirLoader(certsDir, List.of(), null, now).load()
                    : new CertFilesLoader(files, trustFile(), otherCaFiles(), List.of(), Purpose.ANY, now).load();
        } catch (BadFileException e) {
            throw new UserError(e.getMessage());
        }
        List<CertEvidence> certs = new ArrayList<>();
        for (Object item : loaded) {
            if (item instanceof UnreadableFile bad && files.contains(bad.file())) {
                throw new UserError(bad.file() + ": " + bad.reason());
            }
            if (item instanceof CertEvidence cert) {
                certs.add(cert);
            }
        }
        return certs;
    }

    /** {@code --issuer}, else the certs directory's ca.crt, else null (the file's own chain and the system trust store). */
    private Path trustFile() {
        if (issuer != null) {
            return issuer;
        }
        return certsDir != null && Files.isRegularFile(certsDir.resolve("ca.crt")) ? certsDir.resolve("ca.crt") : null;
    }

    /** The certs directory's other CA files, as candidate issuers for chain building. */
    private List<Path> otherCaFiles() {
        List<Path> others = new ArrayList<>();
        if (certsDir != null) {
            for (String name : CA_FILES) {
                Path file = certsDir.resolve(name);
                if (Files.isRegularFile(file) && !file.equals(trustFile())) {
                    others.add(file);
                }
            }
        }
        return others;
    }
}
