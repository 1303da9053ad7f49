package dev.tlsdoctor.explain;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tlsdoctor.rules.Finding;
import dev.tlsdoctor.rules.Severity;
import java.util.List;
import java.util.Locale;

/**
 * What {@code explain} concluded: the rules behind the pasted error, most likely first, and what the
 * checks it could run found besides. The JSON output's shape, field for field.
 *
 * @param matches the rules that fit, by confidence
 * @param otherFindings problems the checks found that the paste does not point at (warnings and errors)
 * @param checked what was checked to confirm or rule out causes (a certs directory, a URL), empty if nothing
 */
@JsonPropertyOrder({"matches", "other_findings", "checked"})
public record Explanation(
        List<Match> matches,
        @JsonProperty("other_findings") List<Finding> otherFindings,
        List<String> checked) {

    /** Whether the checks could tell anything about a rule. */
    public enum Verdict {
        /** The checks found this very problem. */
        CONFIRMED,
        /** The checks looked and did not find it (the certificate at fault may be elsewhere). */
        NOT_FOUND,
        /** Nothing was checked that could show it. */
        UNCHECKED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One rule that fits the paste.
     *
     * @param confidence 0 to 1: its share among the rules that fit the same message, after the checks
     * @param fix the fix: the confirming findings' fixes, else the rule's template with what the paste gave
     * @param matched the text in the paste it recognised
     * @param alternatives the other rules that fit the same message
     * @param findings the findings that confirm it
     */
    @JsonPropertyOrder({"rule", "confidence", "explanation", "fix", "title", "severity", "matched", "verdict", "alternatives", "findings"})
    public record Match(
            String rule,
            double confidence,
            String explanation,
            String fix,
            String title,
            Severity severity,
            String matched,
            Verdict verdict,
            List<String> alternatives,
            List<Finding> findings) {}
}
