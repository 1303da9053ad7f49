package dev.tlsdoctor.certs;

import dev.tlsdoctor.certs.CertsDirEvidence.SkippedFile;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.concurrent.ParallelMap;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a certs directory the way CockroachDB's certificate loader does (only {@code *.crt}, role by
 * name, key by swapping {@code .crt} for {@code .key}) and turns it into evidence: one
 * {@link CertsDirEvidence}, a {@link CertEvidence} per loadable certificate, an {@link UnreadableFile}
 * per file that cannot be read. It only reads: nothing in the directory is changed.
 */
public final class CertsDirLoader {
    /** The files whose loading decides how the others are judged: the CAs, and whether client.node.crt and ui.crt load. */
    private static final Set<String> JUDGEMENT_INPUTS = Set.of("ca.crt", "ca-client.crt", "ca-client-tenant.crt", "ca-ui.crt", "client.node.crt", "ui.crt");
    private final CertsDirFiles files;
    private final Path dir;
    private final List<String> hosts;
    private final String user;
    private final Instant at;

    public CertsDirLoader(Path dir, List<String> hosts, String user, Instant at) {
        this(new DiskCertsDir(dir), hosts, user, at);
    }

    /** Reads {@code files}, a directory on disk or one held in memory, as a certs directory. */
    public CertsDirLoader(CertsDirFiles files, List<String> hosts, String user, Instant at) {
        this.files = files;
        this.dir = files.dir();
        this.hosts = hosts;
        this.user = user;
        this.at = at;
    }

    /** @throws BadFileException when the directory itself cannot be read (nothing can be checked) */
    public List<Evidence> load() throws BadFileException {
        Set<String> names = files.names();
        List<Evidence> problems = Collections.synchronizedList(new ArrayList<>());
        List<SkippedFile> skipped = new ArrayList<>();
        Map<String, CertParser.Parsed> parsed = new TreeMap<>();
        Map<String, CertFileName> roles = new TreeMap<>();
        List<Path> caKeys = new ArrayList<>();
        Map<String, ClientKey> javaKeys = new TreeMap<>();
        // a Path only where one is kept: a Path per name is a noticeable cost in a directory of 10,000 certificates
        for (String name : names) {
            if (name.endsWith(".crt")) {
                CertFileName fileName = CertFileName.parse(name);
                if (fileName.role() == null) {
                    skipped.add(new SkippedFile(files.path(name), "CockroachDB skips it: bad filename: " + fileName.problem()));
                } else {
                    roles.put(name, fileName);
                }
            } else if (CertFileName.isCaKey(name)) {
                caKeys.add(files.path(name));
            } else if (name.endsWith(".key")) {
                String certName = name.substring(0, name.length() - ".key".length()) + ".crt";
                // node.key without node.crt is missing-file's case: the certificate is what is missing, not the key that is extra
                if (!names.contains(certName) && !name.equals("node.key")) {
                    skipped.add(new SkippedFile(files.path(name), "a key without its certificate (" + certName + " is missing)"));
                }
            } else if (name.endsWith(".key.pk8") && names.contains(name.substring(0, name.length() - ".key.pk8".length()) + ".crt")) {
                // the PKCS#8 DER copy of a client key that Java clients need: CockroachDB skips it, rule key-format reads it
                javaKeys.put(name, files.clientKey(name, "the Java (JDBC) copy of " + name.substring(0, name.length() - ".pk8".length()), KeyReader.JDBC));
            } else if (!files.isDirectory(name)) {
                skipped.add(new SkippedFile(files.path(name), "not a file CockroachDB loads (only <role>.crt and the matching .key are used)"));
            }
        }
        // The files that decide how the others are judged first; then every other file is read and judged in one pass
        Map<String, Object> early = new TreeMap<>();
        for (String name : roles.keySet()) {
            if (JUDGEMENT_INPUTS.contains(name)) {
                Object outcome = parseCertFile(name, problems);
                early.put(name, outcome);
                if (outcome instanceof CertParser.Parsed p) {
                    parsed.put(name, p);
                }
            }
        }

        TrustPool ca = pool(parsed, "ca.crt");
        TrustPool clientCa = parsed.containsKey("ca-client.crt") ? pool(parsed, "ca-client.crt") : null;
        TrustPool tenantCa = parsed.containsKey("ca-client-tenant.crt") ? pool(parsed, "ca-client-tenant.crt") : null;
        TrustPool uiCa = parsed.containsKey("ca-ui.crt") ? pool(parsed, "ca-ui.crt") : null;
        boolean splitNode = parsed.containsKey("client.node.crt");
        TrustPool clientPool = clientCa != null ? clientCa : ca;
        // ClientCAs holds the tenant client CA beside the client CA, so tenant certificates verify against both
        TrustPool tenantPool = tenantCa != null ? tenantCa.plus(clientPool) : clientPool;
        boolean hasUiCert = parsed.containsKey("ui.crt");

        List<Evidence> outcomes = ParallelMap.map(List.copyOf(roles.keySet()), name -> {
            Object outcome = early.containsKey(name) ? early.get(name) : parseCertFile(name, problems);
            if (!(outcome instanceof CertParser.Parsed parsedFile)) {
                return (UnreadableFile) outcome; // saying why
            }
            CertFileName fileName = roles.get(name);
            CertRole role = fileName.role();
            Path file = files.path(name);
            List<X509Certificate> fileCerts = parsedFile.certs();
            List<X509Certificate> extras = fileCerts.subList(1, fileCerts.size());
            List<Verification> verifications = new ArrayList<>();
            Set<String> usages = new LinkedHashSet<>();
            switch (role) {
                case NODE -> {
                    usages.add(CertFacts.EKU_SERVER_AUTH);
                    if (splitNode) {
                        verify(verifications, "as the node's server certificate", fileCerts.get(0), extras, ca, null);
                    } else if (clientCa == null) {
                        // one CA verifies both uses: one verdict, so a problem is reported once, not once per use
                        usages.add(CertFacts.EKU_CLIENT_AUTH);
                        verify(verifications, "as the node's server and client certificate", fileCerts.get(0), extras, ca, null);
                    } else {
                        usages.add(CertFacts.EKU_CLIENT_AUTH);
                        verify(verifications, "as the node's server certificate", fileCerts.get(0), extras, ca, null);
                        verify(verifications, "as the node's client certificate (no client.node.crt)", fileCerts.get(0), extras, clientCa, ca);
                    }
                    if (uiCa != null && !hasUiCert) {
                        verify(verifications, "as the DB Console certificate (no ui.crt)", fileCerts.get(0), extras, uiCa, ca);
                    }
                }
                case UI -> {
                    usages.add(CertFacts.EKU_SERVER_AUTH);
                    verify(verifications, "as the DB Console certificate", fileCerts.get(0), extras, uiCa != null ? uiCa : ca, uiCa != null ? ca : null);
                }
                case CLIENT -> {
                    usages.add(CertFacts.EKU_CLIENT_AUTH);
                    verify(verifications, "as a client certificate", fileCerts.get(0), extras, clientPool, clientCa != null ? ca : null);
                }
                case TENANT_CLIENT -> {
                    usages.add(CertFacts.EKU_CLIENT_AUTH);
                    usages.add(CertFacts.EKU_SERVER_AUTH);
                    verify(verifications, "as a tenant client certificate", fileCerts.get(0), extras, tenantPool, null);
                }
                default -> { } // CA files are anchors; tenant-signing certificates are not verified in TLS
            }
            KeyFacts key = role.isAuthority() ? null : files.key(CertFileName.keyFileFor(name), true, problems);
            String javaCopyName = CertFileName.keyFileFor(name) + ".pk8";
            ClientKey javaCopy = role == CertRole.CLIENT ? javaKeys.get(javaCopyName) : null;
            if (javaCopy != null) {
                // read once, above: a copy that is no key is key-format's finding (the JDBC driver cannot read it), not a second one here
                key = key.withPkcs8Copy(new KeyFacts(javaCopy.file(), true, files.isRegularFile(javaCopyName), null, javaCopy.key()));
            }
            List<String> expectedHosts = role == CertRole.NODE || role == CertRole.UI ? hosts : List.of();
            return new CertEvidence(file.toString(), file, role, fileName.argument(), fileCerts, parsedFile.encoding(),
                    usages, expectedHosts, verifications, key, dir, splitNode, files.keeper());
        });
        List<CertEvidence> certs = new ArrayList<>();
        for (Evidence outcome : outcomes) {
            if (outcome instanceof CertEvidence cert) {
                certs.add(cert);
            } else {
                problems.add(outcome);
            }
        }

        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new CertsDirEvidence(dir, names, certs, skipped, caKeys, user, files.keeper()));
        evidence.addAll(certs);
        evidence.addAll(javaKeys.values());
        problems.stream().sorted(java.util.Comparator.comparing(p -> p instanceof RefusedCertificate r ? r.file() : ((UnreadableFile) p).file()))
                .forEach(evidence::add);
        return evidence;
    }

    /**
     * The file's certificates, or the {@link UnreadableFile} that says why CockroachDB cannot load them;
     * certificates the JDK refused go to {@code problems}. No password: CockroachDB reads no containers.
     */
    private Object parseCertFile(String name, List<Evidence> problems) {
        Path file = files.path(name);
        try {
            CertParser.Parsed p = CertParser.parse(file, files.read(name), Passwords.none());
            if (p.encoding() != CertParser.Encoding.PEM) {
                String reason = "written as " + p.encoding().description() + ", but CockroachDB reads only PEM certificate files";
                return p.encoding() == CertParser.Encoding.DER ? UnreadableFile.der(file, reason) : new UnreadableFile(file, reason);
            }
            problems.addAll(p.refused());
            return p.certs().isEmpty() ? new UnreadableFile(file, "no certificate in it can be read: " + p.refused().get(0).jdkReason()) : p;
        } catch (BadFileException e) {
            return UnreadableFile.of(e);
        }
    }

    private void verify(List<Verification> out, String use, X509Certificate leaf, List<X509Certificate> extras, TrustPool pool, TrustPool mainCa) {
        if (pool == null || pool.anchors().isEmpty()) {
            return; // the missing CA is reported once by missing-file, not once per certificate
        }
        PathResult result = PathValidator.validate(leaf, extras, pool, at);
        PathResult againstMain = null;
        if (mainCa != null && !mainCa.anchors().isEmpty() && result.outcome() != PathResult.Outcome.VALID) {
            againstMain = PathValidator.validate(leaf, extras, mainCa, at);
        }
        out.add(new Verification(use, pool, result, againstMain));
    }

    private static TrustPool pool(Map<String, CertParser.Parsed> parsed, String name) {
        CertParser.Parsed p = parsed.get(name);
        return new TrustPool(name, p == null ? List.of() : p.certs());
    }

    /**
     * Facts about the key beside a certificate; a key that is there but cannot be read is added to
     * {@code problems}, as is a DER key when {@code pemOnly} (CockroachDB reads keys from a certs dir as PEM only).
     */
    static KeyFacts keyFacts(Path keyFile, boolean pemOnly, List<Evidence> problems) {
        FilePermissions.Stat stat;
        try {
            stat = FilePermissions.stat(keyFile); // one stat for "there?", "regular?", its size and its permissions: thousands of keys
        } catch (IOException e) {
            return new KeyFacts(keyFile, false, false, null, null); // as Files.exists judges: absent, or not to be looked at
        }
        if (!stat.regularFile()) {
            return new KeyFacts(keyFile, true, false, stat.permissions(), null);
        }
        long size = stat.size();
        ParsedKey key = parseKey(keyFile, () -> FileBytes.readRegular(keyFile, size), pemOnly, problems);
        return new KeyFacts(keyFile, true, true, stat.permissions(), key);
    }

    /** The bytes of a key, wherever they are kept. */
    public interface KeyBytes {
        byte[] read() throws BadFileException;
    }

    /**
     * The key {@code bytes} hold, or null when they hold none: then an {@link UnreadableFile} saying why is added to
     * {@code problems}, as it is for a DER key when {@code pemOnly} (CockroachDB reads keys from a certs dir as PEM only).
     */
    public static ParsedKey parseKey(Path keyFile, KeyBytes bytes, boolean pemOnly, List<Evidence> problems) {
        try {
            ParsedKey key = KeyParser.parse(keyFile, bytes.read());
            if (pemOnly && key.format() == KeyFormat.PKCS8_DER) {
                problems.add(UnreadableFile.der(keyFile, "written as " + key.format().description() + ", but CockroachDB reads only PEM keys"));
                return null;
            }
            return key;
        } catch (BadFileException e) {
            problems.add(UnreadableFile.of(e));
            return null;
        }
    }
}
