package dev.tlsdoctor.rules;

import dev.tlsdoctor.certs.OneLine;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a check sees of its rule and the run, and where it reports findings. */
public final class RuleContext {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final RuleSpec spec;
    private final Severity userSeverity;
    private final RunSettings settings;
    private final List<Finding> sink;

    RuleContext(RuleSpec spec, Severity userSeverity, RunSettings settings, List<Finding> sink) {
        this.spec = spec;
        this.userSeverity = userSeverity;
        this.settings = settings;
        this.sink = sink;
    }

    public RunSettings settings() {
        return settings;
    }

    /** A number from the rule's {@code parameters}. */
    public int intParam(String name) {
        return spec.intParameter(name);
    }

    /** The rule as the run judges by it, the user's overrides applied. */
    public RuleSpec rule() {
        return spec;
    }

    /** Reports a finding at the rule's severity. {@code vars} fill the fix template's placeholders. */
    public void report(String subject, String message, Map<String, String> vars) {
        report(spec.severity(), subject, message, vars);
    }

    /**
     * Reports a finding at a severity the check chose for this case (e.g. an expired CA that a
     * rotation bundle makes harmless). A severity the user set in an override file still wins.
     */
    public void report(Severity severity, String subject, String message, Map<String, String> vars) {
        Severity effective = userSeverity != null ? userSeverity : severity;
        // subjects and messages quote files, URLs and what servers said: one line each, whatever those held
        sink.add(new Finding(spec.id(), effective, OneLine.of(subject), OneLine.of(message), fill(spec.fix(), vars)));
    }

    /** Replaces {@code {name}} with {@code vars.get(name)}; placeholders without a value stay as written. */
    public static String fill(String template, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString().strip();
    }
}
