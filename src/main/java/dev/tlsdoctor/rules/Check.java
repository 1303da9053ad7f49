package dev.tlsdoctor.rules;

import dev.tlsdoctor.common.Evidence;

/**
 * The logic of one rule. What a user may change lives in {@code rules/<id>.yaml}: severity, title,
 * explanation, the fix template and its parameters. The check decides when the rule fires, and writes
 * the finding's one-line message in Java, because the message quotes what was observed (names, dates,
 * what a server said); the values it passes fill the fix template's placeholders.
 *
 * @param <E> the kind of evidence the check reads (a certificate, a certs directory, a handshake…)
 */
public abstract class Check<E extends Evidence> {
    private final String ruleId;
    private final Class<E> evidenceType;

    protected Check(String ruleId, Class<E> evidenceType) {
        this.ruleId = ruleId;
        this.evidenceType = evidenceType;
    }

    public final String ruleId() {
        return ruleId;
    }

    public final Class<E> evidenceType() {
        return evidenceType;
    }

    /** Looks at one piece of evidence and reports what is wrong through {@code out}. */
    public abstract void check(E evidence, RuleContext out);
}
