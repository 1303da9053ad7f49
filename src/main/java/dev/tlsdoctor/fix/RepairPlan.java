package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code fix} will do to a certs directory: the findings it starts from, the steps it takes in
 * order, and what it leaves to the operator.
 */
public record RepairPlan(Path dir, List<Finding> before, List<Step> steps, List<ManualStep> manual) {

    /** Bits a key file may never get from a repair: any for others, and group write or execute. */
    private static final int NOT_PRIVATE = 0037;

    public RepairPlan {
        for (int i = 0; i < steps.size(); i++) {
            for (Map.Entry<Path, Integer> key : steps.get(i).keyModes().entrySet()) {
                if ((key.getValue() & NOT_PRIVATE) != 0) {
                    throw new FixRefused("step " + (i + 1) + " (" + steps.get(i).action() + ") would leave the key " + key.getKey()
                            + " with mode " + FixModes.octal(key.getValue()) + ", readable by others; nothing changed (chmod 600 it first)");
                }
            }
        }
    }
}
