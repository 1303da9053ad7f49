package dev.tlsdoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** report's Markdown: only commands in {@code sh} blocks, the prose of a fix around them. */
class MarkdownFixTest {
    private static final Pattern SH_BLOCK = Pattern.compile("(?m)^  ```sh\\n(.*?)^  ```$", Pattern.DOTALL);

    @Test
    void aFixIsSplitIntoProseAndCommandBlocks() {
        StringBuilder out = new StringBuilder();
        Markdown.fix(out, """
                Issue a new certificate, then make the node reload its certificates:
                cockroach cert create-node localhost --certs-dir=certs --overwrite
                pkill -HUP -x cockroach   # or: kill -HUP <pid>
                Check that the node runs (on the host,
                'ss -ltnp | grep 26257'; for DNS, getent hosts db).
                openssl s_client -connect db:26257 -tls1_2   (and -tls1_3).
                ca_cert=$(base64 -w 0 ca.crt | jq -sRr @uri)
                """);
        assertEquals("""
                  Issue a new certificate, then make the node reload its certificates:

                  ```sh
                  cockroach cert create-node localhost --certs-dir=certs --overwrite
                  pkill -HUP -x cockroach   # or: kill -HUP <pid>
                  ```

                  Check that the node runs (on the host, 'ss -ltnp | grep 26257'; for DNS, getent hosts db).\
                 openssl s_client -connect db:26257 -tls1_2   (and -tls1_3).

                  ```sh
                  ca_cert=$(base64 -w 0 ca.crt | jq -sRr @uri)
                  ```

                """, out.toString());
    }

    /**
     * Every sample directory's report and a report of an unreachable host: each line in an sh block starts
     * with a program (installed here, or cockroach) and each block is valid sh. Before, whole fixes went into
     * sh blocks, prose ("Check the network path to …", "Issue a new certificate, then …") included.
     */
    @Test
    void shBlocksOfReportsHoldOnlyCommands() throws Exception {
        List<String> reports = new ArrayList<>();
        try (Stream<Path> samples = Files.list(Path.of("samples"))) {
            for (Path sample : samples.filter(d -> Files.isDirectory(d.resolve("certs"))).sorted().toList()) {
                reports.add(Cli.run("report", "--certs-dir", sample.resolve("certs").toString(), "--no-probe").out());
            }
        }
        reports.add(Cli.run("report", "--certs-dir", "samples/healthy-node/certs", "--host", "127.0.0.1:" + Ports.free()).out());
        int blocks = 0;
        for (String report : reports) {
            Matcher block = SH_BLOCK.matcher(report);
            while (block.find()) {
                blocks++;
                String commands = block.group(1).replaceAll("(?m)^  ", "");
                for (String line : commands.lines().toList()) {
                    String program = line.split("\\s+", 2)[0];
                    assertTrue(program.matches("[A-Za-z_][A-Za-z0-9_]*=.*") || program.equals("cockroach") || installed(program),
                            "not a command in an sh block: " + line + "\nin:\n" + report);
                }
                // placeholders such as <path-to-ca.key> are the user's to fill in; the rest must parse as sh
                assertTrue(syntaxOk(commands.replaceAll("<[^<>\\s]+>", "PLACEHOLDER")), "not valid sh:\n" + commands);
            }
            assertFalse(report.contains("```sh\n  ```"), "an empty sh block:\n" + report);
        }
        assertTrue(blocks >= 5, "the samples' reports have commands: " + blocks);
    }

    private static boolean installed(String program) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v \"$1\"", "sh", program).start().waitFor() == 0;
    }

    private static boolean syntaxOk(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
