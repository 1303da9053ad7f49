package dev.tlsdoctor.fix;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertFacts;
import dev.tlsdoctor.certs.CertFileName;
import dev.tlsdoctor.certs.CertNames;
import dev.tlsdoctor.certs.CertParser;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.CertsDirEvidence;
import dev.tlsdoctor.certs.FileBytes;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.certs.ParsedKey;
import dev.tlsdoctor.certs.KeyFacts;
import dev.tlsdoctor.certs.PathResult.Outcome;
import dev.tlsdoctor.certs.Principals;
import dev.tlsdoctor.pki.CockroachCert;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.checks.FixCommands;
import dev.tlsdoctor.rules.checks.KeyPermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Turns the findings of a certs-directory check into a {@link RepairPlan}: each finding is either
 * resolved by a step or listed as a manual step with the finding's own fix. It decides from the
 * findings and the evidence they came from; it changes nothing.
 */
public final class Planner {
    /** Findings on a node or client certificate that a certificate issued as cockroach cert would (signed by the right CA) resolves. */
    static final Set<String> REISSUE = Set.of("expired", "expiring-soon", "not-yet-valid", "san-missing-host", "san-missing", "node-cn",
            "client-cn", "key-usage", "weak-key", "weak-signature", "split-ca-mismatch", "unknown-authority", "key-mismatch");
    /** Of those, the ones the old key is part of. */
    private static final Set<String> NEW_KEY = Set.of("weak-key", "key-mismatch");

    private final Path dir;
    private final CertsDirEvidence directory;
    private final List<CertEvidence> certs;
    private final List<Finding> findings;
    private final FixOptions options;
    private final RunSettings settings;
    private final Set<Finding> handled = new HashSet<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<ManualStep> manual = new ArrayList<>();
    private SigningCa mainCa;
    private SigningCa clientCa;

    private Planner(Path dir, List<? extends Evidence> evidence, List<Finding> findings, FixOptions options, RunSettings settings) {
        this.dir = dir;
        this.directory = evidence.stream().filter(CertsDirEvidence.class::isInstance).map(CertsDirEvidence.class::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no certs directory evidence"));
        this.certs = directory.certs();
        this.findings = findings;
        this.options = options;
        this.settings = settings;
    }

    /**
     * @param evidence what {@code CertsDirLoader} read from {@code dir}
     * @param findings what the rules found in it
     * @throws FixRefused when a CA key does not fit its CA, or a step would expose a key
     */
    public static RepairPlan plan(Path dir, List<? extends Evidence> evidence, List<Finding> findings, FixOptions options, RunSettings settings) {
        return new Planner(dir, evidence, findings, options, settings).build();
    }

    private RepairPlan build() {
        List<Step> moves = new ArrayList<>();
        mainCa = signingCa(dir.resolve("ca.crt"), dir.resolve("ca.key"), options.caKey(), "--ca-key", moves);
        clientCa = signingCa(dir.resolve("ca-client.crt"), dir.resolve("ca-client.key"), options.caClientKey(), "--ca-client-key", moves);
        List<Step> chmods = new ArrayList<>();
        List<Step> renames = new ArrayList<>();
        List<Step> copies = new ArrayList<>();
        List<Step> issues = new ArrayList<>();
        for (CertEvidence cert : certs) {
            Reissue reissue = reissue(cert);
            if (reissue != null) {
                issues.add(reissue);
            }
            if (reissue == null || reissue.existingKey() != null) { // a new key is written 0600, with its PKCS#8 copy
                chmod(cert).ifPresent(chmods::add);
                pkcs8(cert).ifPresent(copies::add);
            }
        }
        for (Finding f : on("unreadable-file")) {
            splitBundle(f).ifPresent(renames::add);
        }
        for (Finding f : on("stray-file")) {
            stray(f).ifPresent(renames::add);
        }
        issueMissingUserCert().ifPresent(issues::add);
        issueNodeClientCert().ifPresent(issues::add);
        for (Step step : concat(chmods, moves, renames, copies, issues)) {
            // a link's target may be anywhere (a Kubernetes Secret's ..data, another directory): not ours to change
            Path link = step.touches().stream().filter(Files::isSymbolicLink).findFirst().orElse(null);
            if (link == null) {
                steps.add(step);
                handled.addAll(step.resolves());
            } else {
                step.resolves().forEach(f -> manual.add(new ManualStep(f, link + " is a symbolic link: fix changes only the files in the directory itself", f.fix())));
                handled.addAll(step.resolves());
            }
        }
        for (Finding f : findings) {
            if (!handled.contains(f)) {
                manual.add(new ManualStep(f, whyManual(f), f.fix()));
            }
        }
        boolean nodeFilesChanged = steps.stream().anyMatch(s -> s.touches().stream().anyMatch(p -> p.getFileName().toString().startsWith("node.")
                || p.getFileName().toString().startsWith("client.node.")));
        if (nodeFilesChanged) {
            manual.add(new ManualStep(List.of(), "a running node reads its certificates at start and on SIGHUP", FixCommands.RELOAD));
        }
        return new RepairPlan(dir, List.of(), findings, steps, manual);
    }

    /**
     * The CA that signs for {@code caFile}, when its key was given. A key option naming no file yet while the
     * directory holds the CA's key means: sign with that key, and move it to where the option says.
     */
    private SigningCa signingCa(Path caFile, Path keyInDir, Path option, String optionName, List<Step> moves) {
        if (option == null) {
            return null;
        }
        if (!Files.isRegularFile(caFile)) {
            throw new FixRefused(optionName + " " + option + ": there is no " + caFile + " to sign for; nothing changed");
        }
        if (Files.exists(option)) {
            return SigningCa.load(caFile, option, optionName);
        }
        if (!Files.isRegularFile(keyInDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FixRefused(optionName + " " + option + ": no such file (and no " + keyInDir.getFileName() + " in " + dir + " to move there)");
        }
        if (option.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize())) {
            throw new FixRefused(optionName + " " + option + " is inside the certs directory; name a place outside it for the CA key");
        }
        SigningCa ca = SigningCa.load(caFile, keyInDir, optionName);
        moves.add(new MoveOut(on("ca-key-exposed", keyInDir.toString()), keyInDir, option));
        return new SigningCa(ca.caFile(), ca.cert(), option, ca.key()); // by the time it signs, the key is at the option's path
    }

    private Reissue reissue(CertEvidence cert) {
        if (cert.role() != CertRole.NODE && cert.role() != CertRole.CLIENT) {
            return null;
        }
        List<Finding> reasons = new ArrayList<>();
        for (Finding f : findings) {
            if (f.subject().equals(cert.subject()) && REISSUE.contains(f.rule())) {
                reasons.add(f);
            }
        }
        if (reasons.isEmpty()) {
            return null;
        }
        if (cert.role() == CertRole.NODE && reasons.stream().anyMatch(f -> f.rule().equals("split-ca-mismatch"))) {
            return null; // node.crt is right for its server use; what the split CA wants is a client.node.crt (issueNodeClientCert)
        }
        SigningCa ca = signerFor(cert.role());
        if (ca == null || ca.expiredAt(settings.at())) {
            return null;
        }
        List<String> sans;
        if (cert.role() == CertRole.NODE) {
            Set<String> hosts = new LinkedHashSet<>(CertNames.dnsNames(cert.leaf()));
            hosts.addAll(CertNames.ipAddresses(cert.leaf()));
            hosts.addAll(options.hosts());
            if (hosts.isEmpty()) {
                return null; // nothing to name the node by: --host is needed
            }
            sans = List.copyOf(hosts);
        } else {
            sans = userUris(cert.leaf(), Principals.normalize(cert.argument()));
        }
        CockroachCert spec = cert.role() == CertRole.NODE
                ? CockroachCert.node(sans, ca.cert(), settings.at())
                : CockroachCert.client(Principals.normalize(cert.argument()), sans, ca.cert(), settings.at());
        KeyFacts key = cert.key();
        boolean keyUsable = key != null && key.parsed() != null && key.parsed().key() != null;
        String why;
        KeyPair kept = null;
        if (!keyUsable) {
            why = "a new RSA 2048 key (the old key cannot be read)";
        } else if (reasons.stream().anyMatch(f -> NEW_KEY.contains(f.rule()))) {
            why = "a new RSA 2048 key (the old key is " + (reasons.stream().anyMatch(f -> f.rule().equals("weak-key")) ? "weak" : "not this certificate's") + ")";
        } else if (options.newKeys()) {
            why = "a new RSA 2048 key (--new-keys)";
        } else {
            why = "keeps the key in " + key.file().getFileName() + " (" + CertFacts.keyDescription(cert.leaf().getPublicKey()) + ")";
            kept = new KeyPair(cert.leaf().getPublicKey(), key.parsed().key());
        }
        if (kept == null) {
            reasons.addAll(on("key-permissions", cert.subject())); // the new key is written 0600, unencrypted as cockroach cert writes it
            reasons.addAll(on("key-encrypted", cert.subject()));
            reasons.addAll(key != null && key.pkcs8Copy() != null ? on("key-format", key.pkcs8Copy().file().toString()) : List.of());
        }
        Path keyFile = key != null ? key.file() : cert.file().resolveSibling(CertFileName.keyFileFor(cert.file().getFileName().toString()));
        Path pk8 = key != null && key.pkcs8Copy() != null ? key.pkcs8Copy().file() : null;
        return new Reissue(reasons, cert.file(), keyFile, pk8, spec, ca, kept, FixModes.of(cert.file(), FixModes.CERT), why, false);
    }

    /** client.&lt;user&gt;.crt for {@code --user} when it is missing (rule missing-file). */
    private Optional<Step> issueMissingUserCert() {
        if (directory.user() == null) {
            return Optional.empty();
        }
        String user = Principals.normalize(directory.user());
        Path certFile = dir.resolve("client." + user + ".crt");
        List<Finding> missing = on("missing-file", certFile.toString());
        SigningCa ca = signerFor(CertRole.CLIENT);
        if (missing.isEmpty() || ca == null || ca.expiredAt(settings.at()) || Files.exists(certFile, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(new Reissue(missing, certFile, dir.resolve("client." + user + ".key"), null,
                CockroachCert.client(user, List.of(), ca.cert(), settings.at()), ca, null, FixModes.CERT, "a new RSA 2048 key", true));
    }

    /**
     * With ca-client.crt and no client.node.crt, node.crt is also the node's client certificate and must be
     * signed by the client CA; cockroach cert create-client node writes the client.node.crt that takes that use over.
     */
    private Optional<Step> issueNodeClientCert() {
        CertEvidence node = directory.find(CertRole.NODE);
        Path certFile = dir.resolve("client.node.crt");
        if (node == null || clientCa == null || clientCa.expiredAt(settings.at()) || Files.exists(certFile, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(dir.resolve("ca-ui.crt"))) { // with a UI CA too, a split-ca-mismatch on node.crt may be the UI's
            return Optional.empty();
        }
        boolean clientUseFails = node.verifications().stream().anyMatch(v -> v.pool().name().equals("ca-client.crt") && v.result().outcome() != Outcome.VALID);
        List<Finding> mismatch = on("split-ca-mismatch", node.subject());
        if (!clientUseFails || mismatch.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Reissue(mismatch, certFile, dir.resolve("client.node.key"), null,
                CockroachCert.client("node", List.of(), clientCa.cert(), settings.at()), clientCa, null, FixModes.CERT,
                "a new RSA 2048 key; node.crt stays the node's server certificate", true));
    }

    /** As cockroach cert create-client: signed by ca-client.crt's CA when that file exists, else by ca.crt's. */
    private SigningCa signerFor(CertRole role) {
        if (role == CertRole.CLIENT && Files.exists(dir.resolve("ca-client.crt"))) {
            return clientCa;
        }
        return mainCa;
    }

    /** The crdb://tenant/&lt;id&gt;/user/&lt;user&gt; URI SANs (tenant scopes) that name this user, kept as create-client --tenant-scope writes them. */
    private static List<String> userUris(X509Certificate leaf, String user) {
        return CertNames.uris(leaf).stream().filter(u -> u.startsWith("crdb://tenant/") && u.endsWith("/user/" + user)).map(u -> "URI:" + u).toList();
    }

    private Optional<Step> chmod(CertEvidence cert) {
        List<Finding> found = on("key-permissions", cert.subject());
        KeyFacts key = cert.key();
        if (found.isEmpty() || key == null || key.permissions() == null || settings.skipKeyPermissionCheck()) {
            return Optional.empty();
        }
        int to = KeyPermissions.repairedMode(key.permissions(), settings.processGid());
        return Optional.of(new ChmodKey(found, key.file(), key.permissions().mode(), to, key.permissions().ownerUid(), key.permissions().groupGid()));
    }

    /** A client key's PKCS#8 copy that the JDBC driver cannot read, written again from the PEM key. */
    private Optional<Step> pkcs8(CertEvidence cert) {
        KeyFacts key = cert.key();
        if (key == null || key.pkcs8Copy() == null || key.parsed() == null || key.parsed().key() == null) {
            return Optional.empty();
        }
        Path pk8 = key.pkcs8Copy().file();
        List<Finding> found = on("key-format", pk8.toString());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WritePkcs8(found, key.file(), pk8, key.parsed().key()));
    }

    /**
     * A misnamed certificate whose role is beyond doubt (CN=node with serverAuth: node.crt; clientAuth only:
     * client.&lt;cn&gt;.crt) gets that name when it is free, or is set aside when the file of that name holds the same certificate.
     */
    private Optional<Step> stray(Finding f) {
        Path file = Path.of(f.subject());
        String name = file.getFileName().toString();
        if (!name.endsWith(".crt") || !dir.equals(file.getParent())) {
            return Optional.empty();
        }
        X509Certificate leaf;
        try {
            List<X509Certificate> parsed = CertParser.parse(file, FileBytes.read(file)).certs();
            leaf = parsed.get(0);
        } catch (BadFileException | RuntimeException e) {
            return Optional.empty();
        }
        String cn = CertNames.subjectAttribute(leaf, "CN");
        List<String> ekus = CertFacts.extendedKeyUsages(leaf);
        String target;
        if (CertFacts.isCa(leaf) || cn == null) {
            return Optional.empty();
        } else if (cn.equals("node") && ekus.contains(CertFacts.EKU_SERVER_AUTH)) {
            target = "node.crt";
        } else if (ekus.equals(List.of(CertFacts.EKU_CLIENT_AUTH))) {
            target = "client." + Principals.normalize(cn) + ".crt";
        } else {
            return Optional.empty();
        }
        Path targetFile = dir.resolve(target);
        Path key = dir.resolve(CertFileName.keyFileFor(name));
        boolean hasKey = Files.exists(key, LinkOption.NOFOLLOW_LINKS);
        List<Finding> resolved = new ArrayList<>(List.of(f));
        resolved.addAll(on("stray-file", key.toString()));
        if (!Files.exists(targetFile, LinkOption.NOFOLLOW_LINKS)) {
            Path keyTarget = dir.resolve(CertFileName.keyFileFor(target));
            if (hasKey && Files.exists(keyTarget, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(new Rename(resolved, file, targetFile, name + " holds a certificate with CN=" + cn + " and extended key usage "
                    + String.join(", ", ekus.stream().map(CertFacts::ekuName).toList()) + ": CockroachDB loads it only as " + target,
                    hasKey ? key : null, hasKey ? keyTarget : null, hasKey ? FixModes.of(key, FixModes.KEY) : 0));
        }
        try {
            if (!Arrays.equals(CertParser.parse(targetFile, FileBytes.read(targetFile)).certs().get(0).getEncoded(), leaf.getEncoded())) {
                return Optional.empty();
            }
        } catch (BadFileException | java.security.cert.CertificateEncodingException | RuntimeException e) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>(List.of(file));
        if (hasKey) {
            files.add(key);
        }
        return Optional.of(new SetAside(resolved, files, name + " holds the same certificate as " + target + ", which CockroachDB loads; the copy is not used"));
    }

    /**
     * A certificate file with its key pasted in: split when it holds certificates and one unencrypted key
     * that belongs to the first certificate, and the {@code .key} beside it is absent or holds the same key.
     */
    private Optional<Step> splitBundle(Finding f) {
        Path file = Path.of(f.subject());
        String name = file.getFileName().toString();
        if (!name.endsWith(".crt") || !dir.equals(file.getParent()) || CertFileName.parse(name).role() == null) {
            return Optional.empty();
        }
        StringBuilder certsPem = new StringBuilder();
        List<PemObject> keys = new ArrayList<>();
        X509Certificate first = null;
        try (PemReader reader = new PemReader(Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                if (block.getType().equals("CERTIFICATE")) {
                    certsPem.append(Pki.pem(block));
                    if (first == null) {
                        first = CertParser.parse(file, block.getContent()).certs().get(0);
                    }
                } else if (block.getType().endsWith("PRIVATE KEY") && block.getHeaders().isEmpty()) {
                    keys.add(block);
                } else {
                    return Optional.empty();
                }
            }
        } catch (IOException | BadFileException | RuntimeException e) {
            return Optional.empty();
        }
        if (first == null || keys.size() != 1) {
            return Optional.empty();
        }
        String keyPem = Pki.pem(keys.get(0));
        Path keyFile = dir.resolve(CertFileName.keyFileFor(name));
        try {
            ParsedKey key = KeyParser.parse(keyFile, keyPem.getBytes(StandardCharsets.US_ASCII));
            if (key.key() == null || !key.matches(first.getPublicKey())
                    || Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS) && !Arrays.equals(Files.readAllBytes(keyFile), keyPem.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
        } catch (IOException | BadFileException e) {
            return Optional.empty();
        }
        List<Finding> resolved = new ArrayList<>(List.of(f));
        resolved.addAll(on("missing-file", file.toString()));
        resolved.addAll(on("missing-file", keyFile.toString()));
        return Optional.of(new SplitBundle(resolved, file, keyFile, certsPem.toString(), keyPem, FixModes.of(file, FixModes.CERT)));
    }

    private String whyManual(Finding f) {
        CertEvidence cert = certs.stream().filter(c -> c.subject().equals(f.subject())).findFirst().orElse(null);
        if (cert != null && REISSUE.contains(f.rule())) {
            if (cert.role() != CertRole.NODE && cert.role() != CertRole.CLIENT) {
                return cert.role().isAuthority() ? "a CA must be rotated on every node and client (see docs/fix.md)" : "fix issues node and client certificates only";
            }
            if (cert.role() == CertRole.NODE && f.rule().equals("split-ca-mismatch")) {
                return "the split CA needs a client.node.crt signed by ca-client.crt (give --ca-client-key), or a ui.crt signed by ca-ui.crt, which fix does not create";
            }
            SigningCa ca = signerFor(cert.role());
            String option = ca == clientCa && ca != null || cert.role() == CertRole.CLIENT && Files.exists(dir.resolve("ca-client.crt")) ? "--ca-client-key" : "--ca-key";
            if (ca == null) {
                return "the CA key is not given (" + option + ")";
            }
            if (ca.expiredAt(settings.at())) {
                return "the CA itself has expired: rotate the CA first";
            }
            return "no host names to put in its SANs: give --host";
        }
        return switch (f.rule()) {
            case "ca-key-exposed" -> "fix moves a CA key only to a place you name: --ca-key (or --ca-client-key) with a path outside the directory";
            case "stray-file" -> "the file's role is not certain, or its name is taken";
            case "key-permissions" -> "COCKROACH_SKIP_KEY_PERMISSION_CHECK is set";
            default -> "not a change to files fix makes";
        };
    }

    @SafeVarargs
    private static List<Step> concat(List<Step>... groups) {
        return Stream.of(groups).flatMap(List::stream).toList();
    }

    private List<Finding> on(String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    private List<Finding> on(String rule, String subject) {
        return findings.stream().filter(f -> f.rule().equals(rule) && f.subject().equals(subject)).toList();
    }
}
