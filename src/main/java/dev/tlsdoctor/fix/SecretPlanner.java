package dev.tlsdoctor.fix;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.CertKeeper;
import dev.tlsdoctor.certs.CertRole;
import dev.tlsdoctor.certs.CertsDirEvidence;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.checks.FixCommands;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plan for certificates kept in Kubernetes Secrets. fix writes no Secret (nothing here talks to a cluster), so every
 * repair is a {@link ManualStep} with the commands that make it: a certificate with findings a re-issue resolves is
 * re-issued once for all of them (into new-certs/, then written into its Secret with kubectl, or by its cert-manager
 * Certificate); every other finding keeps its own fix, which for a Secret is already a kubectl command; then the
 * StatefulSets restart, once each.
 */
public final class SecretPlanner {
    private SecretPlanner() {}

    /**
     * @param evidence what the Secrets were loaded as: a certs directory with a {@link CertKeeper} per Secret, and its certificates
     * @param findings what the rules found in them
     */
    public static RepairPlan plan(List<?> evidence, List<Finding> findings) {
        List<CertsDirEvidence> secrets = evidence.stream().filter(CertsDirEvidence.class::isInstance).map(CertsDirEvidence.class::cast).toList();
        Set<Finding> handled = new HashSet<>();
        List<ManualStep> manual = new ArrayList<>();
        Set<String> reloads = new LinkedHashSet<>();
        for (Object item : evidence) {
            if (item instanceof CertEvidence cert && cert.keeper() != null && (cert.role() == CertRole.NODE || cert.role() == CertRole.CLIENT)
                    && !caExpired(cert, evidence, findings)) {
                List<Finding> reasons = findings.stream().filter(f -> !handled.contains(f) && resolvedByReissue(f, cert)).toList();
                if (!reasons.isEmpty()) {
                    manual.add(new ManualStep(reasons, "one new certificate and key resolve " + (reasons.size() == 1 ? "it" : "them all")
                            + ": issued into " + cert.keeper().workDir() + "/ and written into the Secret (or issued by cert-manager, for a Secret it writes)",
                            FixCommands.renew(cert, List.of())));
                    handled.addAll(reasons);
                    reloads.add(cert.keeper().reload());
                }
            }
        }
        for (Finding f : findings) {
            if (!handled.contains(f)) {
                CertKeeper keeper = keeperOf(f, secrets);
                manual.add(new ManualStep(f, why(f), f.fix()));
                if (keeper != null && f.rule().equals("missing-file")) {
                    reloads.add(keeper.reload());
                }
            }
        }
        reloads.forEach(reload -> manual.add(new ManualStep(List.of(), "once the Secrets are written: a pod reads them only when it starts", reload)));
        return new RepairPlan(null, secrets.stream().map(s -> s.dir().toString()).toList(), findings, List.of(), manual);
    }

    /**
     * Findings on {@code cert} that issuing it again as cockroach cert would resolves: the re-issue rules of a certs directory
     * (a node certificate's split CA excepted: it needs a client.node.crt), its key missing or encrypted (a new key comes with it).
     */
    private static boolean resolvedByReissue(Finding f, CertEvidence cert) {
        if (f.subject().equals(cert.subject())) {
            return Planner.REISSUE.contains(f.rule()) && !(cert.role() == CertRole.NODE && f.rule().equals("split-ca-mismatch"))
                    || f.rule().equals("key-encrypted");
        }
        return f.rule().equals("missing-file") && cert.key() != null && f.subject().equals(cert.key().file().toString());
    }

    /** Whether the CA certificate kept with {@code cert} has expired: what it would sign is no better; the CA must be rotated first. */
    private static boolean caExpired(CertEvidence cert, List<?> evidence, List<Finding> findings) {
        return evidence.stream().anyMatch(e -> e instanceof CertEvidence ca && ca.keeper() == cert.keeper() && ca.role() == CertRole.CA
                && findings.stream().anyMatch(f -> f.rule().equals("expired") && f.subject().equals(ca.subject())));
    }

    private static CertKeeper keeperOf(Finding f, List<CertsDirEvidence> secrets) {
        return secrets.stream().filter(s -> f.subject().startsWith(s.dir() + ":")).map(CertsDirEvidence::keeper).findFirst().orElse(null);
    }

    private static String why(Finding f) {
        return switch (f.rule()) {
            case "ca-key-exposed" -> "the CA key is taken out of the Secret the pods mount, into a file only you read";
            case "missing-file" -> "put back into the Secret with kubectl";
            case "stray-file" -> "not mounted where CockroachDB loads it: set aside out of the Secret with kubectl";
            default -> "fix writes no Secret: the finding's own fix";
        };
    }
}
