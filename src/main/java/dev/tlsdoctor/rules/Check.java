package dev.tlsdoctor.rules;

/**
 * The logic of one rule. The rule's text (severity, message wording, fix template) lives in
 * {@code rules/<id>.yaml}; the check only decides when the rule fires and with which values.
 *
 * @param <E> the kind of evidence the check reads (a certificate, a certs directory, a handshake…)
 */
public abstract class Check<E> {
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
