package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;

/**
 * What fix cannot do itself, printed with its commands: the finding, why it is left to the operator,
 * and what to run (the finding's own fix, or a step such as a reload).
 *
 * @param finding the finding it resolves, or null for a follow-up (a node reload)
 * @param why why fix does not do it
 * @param commands what to run
 */
public record ManualStep(Finding finding, String why, String commands) {}
