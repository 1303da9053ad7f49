package dev.tlsdoctor.cli;

/** {@code --format}. */
public enum OutputFormat { text, json }
