package dev.tlsdoctor.rules;

import java.util.regex.Pattern;

/**
 * How a rule's {@code error-patterns} are read: Java regular expressions, matched case-insensitively
 * anywhere in a pasted error text whose lines were joined and whose whitespace runs became one space.
 * One compile step for loading (where a bad pattern is a rule-file error) and for matching.
 */
public final class ErrorPatterns {
    private ErrorPatterns() {}

    /** @throws java.util.regex.PatternSyntaxException when {@code regex} is not a valid regular expression */
    public static Pattern compile(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
