package dev.tlsdoctor.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The text of one rule, as written in its YAML file under {@code rules/}. A user's override file has
 * the same shape, but only {@code id} is required there; every other field it sets replaces ours.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "severity", "enabled", "title", "explanation", "fix", "references", "parameters", "error-patterns"})
public record RuleSpec(
        String id,
        Severity severity,
        Boolean enabled,
        String title,
        String explanation,
        String fix,
        List<String> references,
        Map<String, Object> parameters,
        @JsonProperty("error-patterns") List<String> errorPatterns) {

    /** A number from {@code parameters}; the shipped rule files always define the ones checks read. */
    public int intParameter(String name) {
        Object value = parameters == null ? null : parameters.get(name);
        if (value instanceof Number n) {
            return n.intValue();
        }
        throw new RuleFileException("rules/" + id + ".yaml: parameter '" + name + "' must be a number, found " + value);
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** This rule with every field the override sets replacing ours; parameters are merged key by key. */
    RuleSpec overriddenBy(RuleSpec o) {
        Map<String, Object> params = parameters;
        if (o.parameters != null) {
            params = new java.util.LinkedHashMap<>(parameters == null ? Map.of() : parameters);
            params.putAll(o.parameters);
        }
        return new RuleSpec(
                id,
                o.severity != null ? o.severity : severity,
                o.enabled != null ? o.enabled : enabled,
                o.title != null ? o.title : title,
                o.explanation != null ? o.explanation : explanation,
                o.fix != null ? o.fix : fix,
                o.references != null ? o.references : references,
                params,
                o.errorPatterns != null ? o.errorPatterns : errorPatterns);
    }
}
