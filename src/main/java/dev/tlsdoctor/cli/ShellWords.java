package dev.tlsdoctor.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A shell line split into words as a POSIX shell splits it (POSIX.1-2017, 2.2 Quoting and 2.6.1 Tilde
 * Expansion), so that what a user types at the prompt means what it means in bash: {@code '…'} keeps
 * everything literally, {@code "…"} keeps everything but {@code \\ \" \$ \`} escapes, an unquoted
 * backslash escapes the next character, quotes may start or end inside a word ({@code --certs-dir="/a b"}),
 * {@code ""} is an empty word, and an unquoted {@code ~} or {@code ~/…} at the start of a word is the home
 * directory. Nothing else is expanded: no variables, globs or command substitution.
 * <p>
 * Not jline's DefaultParser: it keeps quotes that start inside a word, drops empty quoted words and
 * treats a backslash in double quotes as an escape of any character (checked against jline 3.30).
 */
final class ShellWords {
    private ShellWords() {}

    /** The words of {@code line}; an {@link IllegalArgumentException} for an unclosed quote. */
    static List<String> split(String line, String home) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ' quote");
                }
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == line.length()) {
                    word.append(c); // escapes nothing: kept, as sh keeps it
                    inWord = true;
                } else if (line.charAt(++i) != '\n') { // backslash-newline joins lines
                    word.append(line.charAt(i));
                    inWord = true;
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '~' && !inWord && (i + 1 == line.length() || line.charAt(i + 1) == '/' || Character.isWhitespace(line.charAt(i + 1)))) {
                word.append(home);
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the double-quoted text that starts at {@code from}; returns the index of its closing quote. */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && "\\\"$`".indexOf(line.charAt(i + 1)) >= 0) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("unclosed \" quote");
    }
}
