package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.PrincipalMap;
import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.fix.Backup;
import dev.tlsdoctor.fix.FixOptions;
import dev.tlsdoctor.fix.FixRefused;
import dev.tlsdoctor.fix.PlanReport;
import dev.tlsdoctor.fix.Planner;
import dev.tlsdoctor.fix.Repair;
import dev.tlsdoctor.fix.RepairPlan;
import dev.tlsdoctor.fix.SecretPlanner;
import dev.tlsdoctor.report.Status;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.RunSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tls-doctor fix}: the plan that repairs a certs directory's findings, applied safely with --apply; --restore undoes it. */
@Command(name = "fix", sortOptions = false,
        description = {
            "Plans the repairs of a certs directory's findings (key modes, a CA key moved out, misnamed files, PKCS#8 copies, certificates re-issued as cockroach cert would) and, with --apply, makes them: every file touched is backed up first, the directory is checked again, and any failure puts everything back.",
            "With --k8s-secret it prints the kubectl commands that repair the Secrets (and cert-manager Certificates) instead; it changes nothing there.",
            "Exit status: the check's status after the repair (before it, for a plan): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN or refused."})
final class FixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    KubernetesOptions kubernetes = new KubernetesOptions();

    @Option(names = "--ca-key", paramLabel = "FILE",
            description = "The key of ca.crt's CA, to sign node certificates (and client certificates without ca-client.crt). When FILE does not exist and the certs dir holds ca.key, that key is moved to FILE.")
    Path caKey;

    @Option(names = "--ca-client-key", paramLabel = "FILE", description = "The key of ca-client.crt's CA, which signs client certificates when ca-client.crt exists; moved there from the certs dir like --ca-key.")
    Path caClientKey;

    @Option(names = "--renew-before", paramLabel = "TIME", description = "Also re-issue certificates that expire before TIME (an ISO-8601 date or instant).")
    String renewBefore;

    @Option(names = "--new-keys", description = "New keys for every certificate issued (default: keep the key unless it is weak, unreadable or not the certificate's).")
    boolean newKeys;

    @Option(names = "--apply", description = "Make the changes (default: print the plan and change nothing).")
    boolean apply;

    @Option(names = "--restore", paramLabel = "BACKUP", description = "Put back a backup a repair made: DIR/.tls-doctor-backup/<timestamp>.")
    Path restore;

    @Mixin
    OutputOptions output = new OutputOptions("fix", OutputFormat.text, OutputFormat.json);

    @Override
    public Integer call() {
        output.format(); // a format fix does not write is refused before anything changes
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (kubernetes.hasSecrets()) {
                return planSecrets(out);
            }
            if (restore != null) {
                Backup backup = Backup.open(restore);
                backup.restore();
                out.println("Restored " + backup.certsDir() + " from " + restore);
                return Status.OK.exitCode();
            }
            return repair(out);
        } catch (FixRefused e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("--restore " + restore + ": " + e.getMessage());
        }
    }

    private int repair(PrintWriter out) {
        Path dir = target.certsDirOrDefault();
        Instant now = Instant.now();
        RunSettings settings = settings(now);
        Diagnosis diagnosis = diagnosis(settings);
        List<Evidence> evidence = load(dir, now);
        List<Finding> before = diagnosis.findings(evidence);
        RepairPlan plan = Planner.plan(dir, evidence, before, new FixOptions(caKey, caClientKey, target.hosts(), newKeys), settings);
        boolean confirmed = apply;
        Predicate<String> shell = ShellConfirm.current();
        if (!apply && shell != null && !plan.steps().isEmpty()) {
            out.print(PlanReport.text(plan, null));
            out.flush();
            confirmed = shell.test((plan.steps().size() == 1 ? "Apply this step" : "Apply these " + plan.steps().size() + " steps") + " to " + dir + "? [y/N] ");
            if (!confirmed) {
                out.println("Nothing changed.");
                return Status.of(before).exitCode();
            }
        }
        Repair.Outcome outcome = confirmed && !plan.steps().isEmpty() ? Repair.apply(plan, () -> diagnosis.findings(load(dir, now)), Repair.AfterStep.NONE, now) : null;
        print(out, plan, outcome);
        return Status.of(outcome != null ? outcome.after() : before).exitCode();
    }

    /** Secrets as kubectl printed them: the plan is kubectl commands for the operator to run; nothing is written. */
    private int planSecrets(PrintWriter out) {
        String other = apply ? "--apply" : restore != null ? "--restore" : target.certsDir != null ? "--certs-dir" : target.user != null ? "--user"
                : caClientKey != null ? "--ca-client-key" : null;
        if (other != null) {
            throw new UserError(other.equals("--apply")
                    ? "--apply changes files on disk; with --k8s-secret nothing talks to a cluster: run the kubectl commands fix prints without --apply (nothing changed)"
                    : other + " goes with a certs directory, not with --k8s-secret");
        }
        if (caKey != null && !Files.isRegularFile(caKey)) {
            throw new UserError("--ca-key " + caKey + ": no such file (with --k8s-secret it names the CA key the printed commands sign with)");
        }
        Instant now = Instant.now();
        RunSettings settings = settings(now);
        List<String> hosts = new ArrayList<>(target.hosts());
        hosts.addAll(kubernetes.hosts());
        List<Evidence> evidence = kubernetes.evidence(hosts, caKey, now);
        List<Finding> before = diagnosis(settings).findings(evidence);
        RepairPlan plan = SecretPlanner.plan(evidence, before);
        print(out, plan, null);
        return Status.of(before).exitCode();
    }

    private List<Evidence> load(Path dir, Instant now) {
        try {
            return new CertsDirLoader(dir, target.hosts(), target.user, now).load();
        } catch (BadFileException e) {
            throw new UserError(e.getMessage());
        }
    }

    private RunSettings settings(Instant now) {
        return new RunSettings(now, warnDays(now), null, PrincipalMap.NONE, CockroachEnv.skipKeyPermissionCheck(), CockroachEnv.processGid());
    }

    /** The plan, and what applying it did (or null), in the format asked for. */
    private void print(PrintWriter out, RepairPlan plan, Repair.Outcome outcome) {
        out.print(output.format() == OutputFormat.json ? PlanReport.json(plan, outcome) : PlanReport.text(plan, outcome));
    }

    /** The rules with the user's overrides, as check reads them. */
    private static Diagnosis diagnosis(RunSettings settings) {
        return new Diagnosis(new RuleOptions().engine(), settings);
    }

    /** {@code --renew-before} as rule expiring-soon's warning threshold, in whole days rounded up. */
    private Integer warnDays(Instant now) {
        if (renewBefore == null) {
            return null;
        }
        Instant until = TimeOptions.parseMoment("--renew-before", renewBefore);
        if (!until.isAfter(now)) {
            throw new UserError("--renew-before: " + renewBefore + " is not in the future");
        }
        Duration left = Duration.between(now, until);
        return (int) left.toDays() + (left.toDays() * 86_400 == left.toSeconds() ? 0 : 1);
    }
}
