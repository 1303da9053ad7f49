package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tlsdoctor.certs.CertCorpus;
import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.Purpose;
import dev.tlsdoctor.pki.Pki;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleCatalog;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.RuleEngine;
import dev.tlsdoctor.rules.RunSettings;
import dev.tlsdoctor.rules.checks.AllChecks;
import dev.tlsdoctor.rules.checks.Expired;
import dev.tlsdoctor.testing.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls-doctor check --recursive DIR}: a corpus run over a tree of good, bad and odd files. */
class RecursiveCheckTest {
    private static final Pki.Issued CA = Pki.ca("Corpus CA").build();
    private static final Pki.Issued ISSUING = CA.issue("Corpus Issuing CA").ca().pathLen(0).validity(Duration.ofDays(-1), Duration.ofDays(1000)).build();

    @TempDir
    Path dir;

    /** The link out of the tree, removed before JUnit's clean-up warns about it. */
    @AfterEach
    void removeLinkToProc() throws IOException {
        Files.deleteIfExists(dir.resolve("old/nested/memory.crt"));
    }

    /** What a tree holds and the counts it must come to. */
    private record Expected(int files, int certificateFiles, int certificates, int keyFiles, Map<String, Long> failures) {}

    /**
     * ca.crt (the root), good/ (a certs directory: node and client.root with keys, an intermediate CA and a
     * leaf it issued), old/ (an expired leaf, and nested two levels down a second one), stranger.crt (from a CA
     * not in the tree), and the odd: garbage, a truncated PEM, an empty file, a 2 MB file, a CSR-like PEM
     * block, a broken link, a link to itself, a link back up the tree, a FIFO, a file that cannot be read.
     */
    private Expected buildTree() throws IOException, InterruptedException {
        CA.writeCert(dir.resolve("ca.crt"));
        Path good = dir.resolve("good");
        CA.issue("node").sans("localhost", "127.0.0.1").serverAndClient().build().writeTo(good, "node");
        CA.issue("root").clientAuth().build().writeTo(good, "client.root");
        ISSUING.writeCert(good.resolve("issuing-ca.pem"));
        ISSUING.issue("db.example.com").sans("db.example.com").serverAuth().validity(Duration.ofDays(-1), Duration.ofDays(365)).build()
                .writeCert(good.resolve("db.pem"));
        CA.issue("expired").clientAuth().validity(Duration.ofDays(-400), Duration.ofDays(365)).build().writeCert(dir.resolve("old/expired.crt"));
        CA.issue("expired too").clientAuth().validity(Duration.ofDays(-40), Duration.ofDays(10)).build()
                .writeCert(dir.resolve("old/nested/deeper/expired.pem"));
        Pki.ca("Stranger CA").build().issue("stranger").clientAuth().build().writeCert(dir.resolve("stranger.crt"));

        Map<String, Long> failures = new TreeMap<>();
        byte[] garbage = new byte[700];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0x42;
        Files.write(dir.resolve("garbage.crt"), garbage);
        String pem = CA.issue("cut").clientAuth().build().certPem();
        Files.writeString(dir.resolve("old/truncated.crt"), pem.substring(0, pem.length() / 2));
        Files.writeString(dir.resolve("request.pem"), "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n");
        failures.put("not-a-certificate", 2L); // the garbage and the CSR
        failures.put("malformed", 1L);
        Files.createFile(dir.resolve("good/empty.crt"));
        failures.put("empty", 1L);
        Files.write(dir.resolve("huge.pem"), new byte[2 << 20]);
        failures.put("too-large", 1L);
        Files.createSymbolicLink(dir.resolve("broken.crt"), dir.resolve("nothing-here.crt"));
        failures.put("broken-symlink", 1L);
        Files.createSymbolicLink(dir.resolve("old/self.crt"), dir.resolve("old/self.crt"));
        Files.createSymbolicLink(dir.resolve("old/nested/up"), dir.resolve("old"));
        failures.put("symlink-loop", 2L);
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("good/pipe").toString()).start().waitFor());
        failures.put("not-a-regular-file", 1L);
        int certificateFiles = 8;
        // Unreadable: a mode-000 file stops everyone but root; /proc/self/mem stops root too (reading its first page is an I/O error).
        Path locked = CA.issue("locked").clientAuth().build().writeCert(dir.resolve("locked.crt"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(locked)) {
            certificateFiles++;
        } else {
            failures.merge("permission-denied", 1L, Long::sum);
        }
        Files.createSymbolicLink(dir.resolve("old/nested/memory.crt"), Path.of("/proc/self/mem"));
        failures.put("io-error", 1L);
        // 21 entries besides the directories walked: 8 certificate files, 2 keys, 10 failures, and the locked file
        return new Expected(21, certificateFiles, certificateFiles, 2, failures);
    }

    @Test
    void everyEntryIsCountedOnceAsACertificateAKeyOrAFailure() throws Exception {
        Expected expected = buildTree();
        Cli.Result r = Cli.run("check", "--recursive", dir.toString(), "--format", "json");
        JsonNode corpus = r.json().path("corpus");
        assertEquals(dir.toString(), corpus.path("directory").asText());
        assertEquals(dir.resolve("ca.crt").toString(), corpus.path("trust").asText());
        assertEquals(expected.files(), corpus.path("files_seen").asInt(), r.all());
        assertEquals(expected.certificateFiles(), corpus.path("certificate_files").asInt(), r.all());
        assertEquals(expected.certificates(), corpus.path("certificates_parsed").asInt(), r.all());
        assertEquals(expected.keyFiles(), corpus.path("key_files").asInt(), r.all());
        assertEquals(expected.failures(), counts(corpus.path("failures_by_reason")), r.all());
        long failures = expected.failures().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(failures, corpus.path("failures").asLong());
        assertEquals(corpus.path("files_seen").asLong(), corpus.path("certificate_files").asLong() + corpus.path("key_files").asLong() + failures);
        assertEquals(failures, corpus.path("failed_files").size());

        // two expired leaves and the stranger; the intermediate chains from the tree, the good ones are clean
        assertEquals(Map.of("expired", 2L, "unknown-authority", 1L), counts(corpus.path("findings_by_rule")), r.all());
        assertEquals(Map.of("error", 3L, "warning", 0L, "info", 0L), counts(corpus.path("findings_by_severity")));
        List<String> subjects = new ArrayList<>();
        r.json().path("findings").forEach(f -> subjects.add(f.path("rule").asText() + " " + f.path("subject").asText()));
        assertEquals(List.of("expired " + dir.resolve("old/expired.crt"), "expired " + dir.resolve("old/nested/deeper/expired.pem"),
                "unknown-authority " + dir.resolve("stranger.crt")), subjects);
        assertEquals(0, corpus.path("findings_not_listed").asInt());
        assertEquals("CRITICAL", r.json().path("status").asText());
        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().isEmpty(), r.all());

        JsonNode loop = failed(corpus, dir.resolve("old/nested/up"));
        assertEquals("symlink-loop", loop.path("reason").asText());
        assertTrue(loop.path("detail").asText().contains("leads back to " + dir.resolve("old")), loop.toString());
        assertEquals("malformed", failed(corpus, dir.resolve("old/truncated.crt")).path("reason").asText());
    }

    @Test
    void textOutputCountsAndListsFailures() throws Exception {
        Expected expected = buildTree();
        Cli.Result r = Cli.run("check", "--recursive", dir.toString());
        assertEquals(2, r.exitCode(), r.all());
        String out = r.out();
        assertTrue(out.startsWith("Corpus " + dir + " (verified against " + dir.resolve("ca.crt") + ")\n"), out);
        assertTrue(out.matches("(?s).*\n  files seen +" + expected.files() + "\n.*"), out);
        assertTrue(out.contains("  expired                    2\n"), out);
        assertTrue(out.contains(dir.resolve("good/empty.crt") + ": empty: empty file\n"), out);
        assertTrue(out.strip().endsWith("CRITICAL: 3 errors, 0 warnings, 0 info; " + expected.certificates() + " certificates in "
                + expected.certificateFiles() + " files checked, " + expected.failures().values().stream().mapToLong(Long::longValue).sum() + " failures"), out);
    }

    @Test
    void givenCaIsTheOnlyTrust() throws IOException {
        Path roots = Pki.ca("Other CA").build().writeCert(Files.createDirectory(dir.resolve("elsewhere")).resolve("other.pem"));
        Path tree = Files.createDirectory(dir.resolve("tree"));
        CA.writeCert(tree.resolve("ca.crt"));
        CA.issue("node").sans("localhost").serverAndClient().build().writeCert(tree.resolve("node.crt"));
        Cli.Result r = Cli.run("check", "--recursive", tree.toString(), "--ca", roots.toString(), "--format", "json");
        assertEquals(2, r.exitCode(), r.all());
        assertEquals(roots.toString(), r.json().path("corpus").path("trust").asText());
        assertEquals(Map.of("unknown-authority", 1L), counts(r.json().path("corpus").path("findings_by_rule")), r.all());
    }

    @Test
    void nothingToCheckIsUnknown() throws IOException {
        Files.writeString(dir.resolve("README"), "no certificates here\n");
        Cli.Result r = Cli.run("check", "--recursive", dir.toString(), "--format", "json");
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("UNKNOWN", r.json().path("status").asText());
        assertEquals(1, r.json().path("corpus").path("failures").asInt());
        assertEquals(0, r.json().path("certificates").size());
    }

    @Test
    void badUseIsOneLineAndUnknown() throws IOException {
        Path file = CA.writeCert(dir.resolve("ca.crt"));
        List<Cli.Result> runs = List.of(
                Cli.run("check", "--recursive", dir.resolve("missing").toString()),
                Cli.run("check", "--recursive", file.toString()),
                Cli.run("check", "--recursive", dir.toString(), file.toString()),
                Cli.run("check", "--recursive", dir.toString(), "--ocsp"),
                Cli.run("check", "--recursive", dir.toString(), "--format", "nagios"));
        List<String> expected = List.of("no such directory", "not a directory", "does not go with FILE arguments", "does not go with --ocsp",
                "does not go with --format nagios");
        for (int i = 0; i < runs.size(); i++) {
            Cli.Result r = runs.get(i);
            assertEquals(3, r.exitCode(), r.all());
            assertEquals(1, r.err().lines().count(), r.all());
            assertTrue(r.err().startsWith("tls-doctor: ") && r.err().contains(expected.get(i)), r.all());
        }
    }

    /** Thousands of files: findings past the listing limit are counted, not kept. */
    @Test
    void findingsBeyondTheListingLimitAreCountedNotListed() throws IOException {
        String expired = CA.issue("expired").clientAuth().validity(Duration.ofDays(-400), Duration.ofDays(365)).build().certPem();
        int files = 1_100;
        for (int i = 0; i < files; i++) {
            Pki.write(dir.resolve("d" + i % 10).resolve("expired" + i + ".crt"), expired);
        }
        CA.writeCert(dir.resolve("ca.crt"));
        Cli.Result r = Cli.run("check", "--recursive", dir.toString(), "--format", "json");
        JsonNode corpus = r.json().path("corpus");
        assertEquals(files + 1, corpus.path("certificate_files").asInt(), r.err());
        assertEquals(files, corpus.path("findings_by_rule").path("expired").asInt());
        assertEquals(1_000, r.json().path("findings").size());
        assertEquals(files - 1_000, corpus.path("findings_not_listed").asInt());
    }

    /** A certificate's sibling key read as its key is still counted by what the file is: a key with a certificate pasted in is a damaged file. */
    @Test
    void siblingKeysAreCountedByTheirOwnContent() throws IOException {
        CA.writeCert(dir.resolve("ca.crt"));
        CA.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        Pki.Issued client = CA.issue("root").clientAuth().build();
        client.writeTo(dir, "client.root");
        Files.writeString(dir.resolve("client.root.key"), client.certPem(), java.nio.file.StandardOpenOption.APPEND);
        Cli.Result r = Cli.run("check", "--recursive", dir.toString(), "--format", "json");
        JsonNode corpus = r.json().path("corpus");
        assertEquals(3, corpus.path("certificate_files").asInt(), r.all());
        assertEquals(1, corpus.path("key_files").asInt(), r.all());
        assertEquals(Map.of("malformed", 1L), counts(corpus.path("failures_by_reason")), r.all());
        assertTrue(failed(corpus, dir.resolve("client.root.key")).path("detail").asText().contains("private key"), r.all());
    }

    /** A check that fails on one hostile file: that file is an internal-error failure, the others are checked and reported. */
    @Test
    void aCheckFailingOnOneFileFailsThatFileOnly() throws IOException {
        CA.writeCert(dir.resolve("ca.crt"));
        CA.issue("node").sans("localhost").serverAndClient().build().writeTo(dir, "node");
        CA.issue("expired").clientAuth().validity(Duration.ofDays(-400), Duration.ofDays(365)).build().writeCert(dir.resolve("old/expired.crt"));
        Path hostile = CA.issue("hostile").clientAuth().build().writeCert(dir.resolve("hostile.crt"));
        List<Check<?>> checks = new ArrayList<>(AllChecks.ALL);
        checks.replaceAll(c -> c.ruleId().equals("expired") ? new ExpiredButFailsOn(hostile) : c);
        RuleEngine engine = new RuleEngine(RuleCatalog.load(List.of()), checks);

        StringWriter out = new StringWriter();
        int exitCode = RecursiveCheck.run(new CertCorpus(dir, null, List.of(), List.of(), Purpose.ANY, Instant.now()), engine, RunSettings.defaults(),
                OutputFormat.json, new PrintWriter(out, true));
        JsonNode report = new ObjectMapper().readTree(out.toString());
        JsonNode corpus = report.path("corpus");
        assertEquals(2, exitCode, out.toString());
        assertEquals(5, corpus.path("files_seen").asInt(), out.toString()); // ca.crt, node.crt, node.key, old/expired.crt, hostile.crt
        assertEquals(3, corpus.path("certificate_files").asInt());
        assertEquals(1, corpus.path("key_files").asInt());
        assertEquals(Map.of("internal-error", 1L), counts(corpus.path("failures_by_reason")));
        assertEquals(Map.of("expired", 1L), counts(corpus.path("findings_by_rule")));
        assertEquals(dir.resolve("old/expired.crt").toString(), report.path("findings").path(0).path("subject").asText());
        String detail = failed(corpus, hostile).path("detail").asText();
        // the exception's class and where, never its message
        assertTrue(detail.matches(java.util.regex.Pattern.quote("tls-doctor failed on it: java.lang.IllegalStateException in "
                + ExpiredButFailsOn.class.getName() + ".check:") + "\\d+"), detail);
    }

    /** The real expired check, but for one file it throws with an exception whose message quotes key material. */
    private static final class ExpiredButFailsOn extends Check<CertEvidence> {
        private final Expired expired = new Expired();
        private final Path hostile;

        ExpiredButFailsOn(Path hostile) {
            super("expired", CertEvidence.class);
            this.hostile = hostile;
        }

        @Override
        public void check(CertEvidence evidence, RuleContext out) {
            if (hostile.equals(evidence.file())) {
                throw new IllegalStateException("-----BEGIN PRIVATE KEY----- MIIEvQIBADANBg");
            }
            expired.check(evidence, out);
        }
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new TreeMap<>();
        object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private static JsonNode failed(JsonNode corpus, Path file) {
        for (JsonNode f : corpus.path("failed_files")) {
            if (f.path("file").asText().equals(file.toString())) {
                return f;
            }
        }
        throw new AssertionError("no failure for " + file + " in " + corpus);
    }
}
