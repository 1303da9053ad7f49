package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tlsdoctor.testing.CertsDirs;
import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.Ports;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The option groups every command shares (trust, output, network, time) are read and checked the same way everywhere. */
class SharedOptionsTest {
    @Test
    void aWarningThresholdBelowTheCriticalOneIsAOneLineError(@TempDir Path dir) {
        CertsDirs.healthyNode(dir);
        for (String command : new String[] {"check", "report"}) {
            Cli.Result r = Cli.run(command, "--certs-dir", dir.toString(), "--warn-days", "5", "--crit-days", "10");
            assertEquals(3, r.exitCode(), r.all());
            assertEquals("tls-doctor: --warn-days 5 is less than --crit-days 10: a certificate must reach the warning before it is critical\n", r.err(), r.all());
        }
        Cli.Result probe = Cli.run("probe", "127.0.0.1:" + Ports.free(), "--warn-days", "5", "--crit-days", "10");
        assertEquals(3, probe.exitCode(), probe.all());
        assertEquals(1, probe.err().lines().count(), probe.all());
        assertTrue(probe.err().startsWith("tls-doctor: --warn-days 5 is less than --crit-days 10"), probe.all());
        assertEquals(0, Cli.run("check", "--certs-dir", dir.toString(), "--warn-days", "10", "--crit-days", "10").exitCode());
    }

    @Test
    void everyTimeoutTakesTheSameDurations() {
        // 1m30s was refused by probe, connect and report (their own grammar) and taken by ocsp
        Cli.Result probe = Cli.run("probe", "127.0.0.1:" + Ports.free(), "--timeout", "1m30s", "--format", "json");
        assertEquals(3, probe.exitCode(), probe.all()); // nothing listens: unreachable, not a bad option
        assertFalse(probe.findings("unreachable").isEmpty(), probe.all());
        Cli.Result connect = Cli.run("connect", "--url", "postgresql://root@127.0.0.1:" + Ports.free() + "/db?sslmode=require", "--timeout", "1m30s");
        assertFalse(connect.err().contains("duration"), connect.all());
        for (String command : new String[] {"probe", "ocsp", "connect", "report"}) {
            Cli.Result r = Cli.run(command, "--timeout", "soon");
            assertEquals(3, r.exitCode(), r.all());
            assertEquals(1, r.err().lines().count(), r.all());
            assertTrue(r.err().contains("'soon' is not a duration such as 5s, 500ms, 1m or 1m30s"), command + ": " + r.all());
        }
    }

    @Test
    void formatHelpNamesWhatEachCommandWrites() {
        String help = Main.commandLine(null).getSubcommands().get("check").getCommandSpec().findOption("--format").description()[0];
        Map<String, List<String>> said = new TreeMap<>();
        Matcher group = Pattern.compile("([a-z, ]+): ([a-z (),]+?)[;.]").matcher(help.substring(help.indexOf("markdown.") + "markdown.".length()));
        while (group.find()) {
            for (String command : group.group(1).strip().split(", ")) {
                said.put(command, List.of(group.group(2).replace(" (default)", "").split(", ")));
            }
        }
        Map<String, List<String>> written = new TreeMap<>();
        Main.commandLine(null).getSubcommands().forEach((name, sub) -> sub.getCommandSpec().mixins().values().stream()
                .filter(m -> m.userObject() instanceof OutputOptions)
                .forEach(m -> written.put(name, ((OutputOptions) m.userObject()).written().stream().map(Enum::name).toList())));
        assertEquals(written, said, help); // each command's formats, its default first
    }

    @Test
    void aFormatACommandDoesNotWriteIsRefusedByName(@TempDir Path dir) {
        CertsDirs.healthyNode(dir);
        Cli.Result r = Cli.run("report", "--certs-dir", dir.toString(), "--no-probe", "--format", "nagios");
        assertEquals(3, r.exitCode(), r.all());
        assertEquals("tls-doctor: report: --format nagios is not available here (use markdown or json)\n", r.err());
        assertEquals(0, Cli.run("report", "--certs-dir", dir.toString(), "--no-probe", "--format", "json").exitCode());
    }
}
