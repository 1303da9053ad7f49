package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shell's words are the words /bin/sh makes of the same line. */
class ShellWordsTest {
    private static final String HOME = "/home/op erator";

    @ParameterizedTest
    @ValueSource(strings = {
        "check --certs-dir \"/a b\"",
        "check --certs-dir '/a b' x\\ y",
        "check --certs-dir=\"/a b\" --host=node1,'node 2'",
        "explain \"it's\" 'say \"hi\"' \"a\\\"b\" 'a\\b' \"c\\d\" \"e\\\\f\" \"g\\$h\"",
        "a \"\" b '' c",
        "  leading   and\ttabs  ",
        "~ ~/certs --x=~/no '~/quoted' \"~\" a~b ~user",
        "connect --url 'postgresql://root@db:26257/defaultdb?sslmode=verify-full&sslrootcert=certs/ca.crt'",
        "mixed\"quo\"'tes'\\ here",
        "trailing\\",
    })
    void splitsAsShDoes(String line) throws Exception {
        assertEquals(sh(line), ShellWords.split(line, HOME), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"check \"/a b", "check '/a b"})
    void refusesWhatShRefuses(String line) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s\\n' " + line).start();
        assertEquals(true, p.waitFor() != 0, "sh refuses " + line);
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split(line, HOME));
    }

    /** The arguments /bin/sh passes for {@code line}, with HOME set. */
    private static List<String> sh(String line) throws Exception {
        // the line becomes the arguments of a function call, so sh does the splitting, quoting and tilde expansion
        ProcessBuilder b = new ProcessBuilder("sh", "-c", "f() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }; f " + line);
        b.environment().put("HOME", HOME);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "sh -c on " + line);
        return out.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(out.substring(0, out.length() - 1).split("\0", -1)));
    }
}
