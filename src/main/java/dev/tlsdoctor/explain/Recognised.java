package dev.tlsdoctor.explain;

import java.util.Map;

/**
 * One message found in a paste, and the rules that fit it.
 *
 * @param message the text the patterns matched, as found (lines joined)
 * @param candidates by rule id: how well each rule fits, and the values its patterns captured
 * @param side whose certificate the message is about
 */
public record Recognised(String message, Map<String, Candidate> candidates, Side side) {

    /**
     * @param score how much of the message the rule's patterns cover (relative to the other candidates)
     * @param vars the named groups its patterns captured (host, user, file, keyFile…), for the fix
     */
    public record Candidate(String rule, double score, Map<String, String> vars) {}
}
