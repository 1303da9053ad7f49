package dev.tlsdoctor.rules;

/**
 * One problem found: which rule, how bad, what it concerns (a file or an endpoint), what exactly is
 * wrong with the concrete values, and the fix with real paths filled in.
 */
public record Finding(String rule, Severity severity, String subject, String message, String fix) {}
