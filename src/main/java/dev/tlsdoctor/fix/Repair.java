package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies a plan: backs up every file it touches, takes the steps in order, checks the directory again.
 * Any failure part-way, and any finding the re-check shows that was not there before (except in a
 * certificate the repair brought into use, which the next run can repair), puts the backup back and removes it: the directory is then byte for byte as it was, and the error says why.
 */
public final class Repair {
    /** Called after each step; tests use it to inject a failure part-way. */
    public interface AfterStep {
        AfterStep NONE = (number, step) -> { };

        void after(int number, Step step) throws IOException;
    }

    /**
     * @param backup the backup this run made
     * @param after the findings of the check after the repair
     */
    public record Outcome(Path backup, List<Finding> after) {}

    private Repair() {}

    /**
     * @param recheck runs the check on the directory again
     * @throws FixRefused when the directory cannot be written, or a step failed (the directory is then restored)
     */
    public static Outcome apply(RepairPlan plan, Supplier<List<Finding>> recheck, AfterStep hook, Instant now) {
        Path dir = plan.dir();
        if (!Files.isWritable(dir)) {
            throw new FixRefused(dir + ": the certs directory is not writable; nothing changed");
        }
        List<Path> touched = new ArrayList<>();
        Map<Path, Path> movedOut = new LinkedHashMap<>();
        for (Step step : plan.steps()) {
            touched.addAll(step.touches());
            if (step instanceof MoveOut move) {
                movedOut.put(move.file(), move.destination());
            }
        }
        Backup backup;
        try {
            backup = Backup.create(dir, touched, movedOut, now);
        } catch (IOException e) {
            throw new FixRefused(dir + ": cannot make the backup (" + e.getMessage() + "); nothing changed");
        }
        Workspace workspace = new Workspace(dir, backup.path());
        int number = 0;
        try {
            for (Step step : plan.steps()) {
                number++;
                step.apply(workspace);
                hook.after(number, step);
            }
        } catch (IOException | RuntimeException e) {
            throw rollBack(backup, "step " + number + " (" + plan.steps().get(number - 1).action() + ") failed: " + e.getMessage());
        }
        List<Finding> after = recheck.get();
        Set<String> inUseNow = new HashSet<>();
        plan.steps().forEach(s -> s.bringsIntoUse().forEach(p -> inUseNow.add(p.toString())));
        List<Finding> introduced = introduced(plan.before(), after).stream().filter(f -> !inUseNow.contains(f.subject())).toList();
        if (!introduced.isEmpty()) {
            Finding first = introduced.get(0);
            throw rollBack(backup, "the check after the repair found " + first.rule() + " on " + first.subject() + " (" + first.message() + "), which was not there before");
        }
        return new Outcome(backup.path(), after);
    }

    /** Findings in {@code after} of a rule and subject that {@code before} did not have. */
    static List<Finding> introduced(List<Finding> before, List<Finding> after) {
        Set<String> known = new HashSet<>();
        before.forEach(f -> known.add(f.rule() + "\0" + f.subject()));
        return after.stream().filter(f -> !known.contains(f.rule() + "\0" + f.subject())).toList();
    }

    private static FixRefused rollBack(Backup backup, String reason) {
        try {
            backup.restore();
            backup.discard();
            return new FixRefused(reason + "; every file was put back as it was");
        } catch (IOException e) {
            return new FixRefused(reason + "; putting the files back failed too (" + e.getMessage() + "): restore with tls-doctor fix --restore " + backup.path());
        }
    }
}
