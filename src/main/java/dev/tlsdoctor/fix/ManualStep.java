package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.util.List;

/**
 * What fix cannot do itself, printed with its commands: the findings it resolves, why it is left to the operator,
 * and what to run (the finding's own fix, a change to a Kubernetes Secret, or a step such as a reload).
 *
 * @param resolves the findings it resolves; empty for a follow-up (a node reload)
 * @param why why fix does not do it
 * @param commands what to run
 */
public record ManualStep(List<Finding> resolves, String why, String commands) {
    public ManualStep(Finding finding, String why, String commands) {
        this(List.of(finding), why, commands);
    }
}
