package dev.tlsdoctor.cli;

import dev.tlsdoctor.certs.Hostnames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What to look at: a certs directory, the hosts clients dial, the SQL user. Shared by check, explain and report. */
final class TargetOptions {
    @Option(names = "--certs-dir", paramLabel = "DIR",
            description = "Certs directory (default for check and report: $COCKROACH_CERTS_DIR, else ~/.cockroach-certs).")
    Path certsDir;

    @Option(names = "--host", paramLabel = "NAME|IP", split = ",",
            description = "A name or address clients use to reach the node (a :port is ignored); it must be in node.crt's (and ui.crt's) SANs. Repeatable.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--user", paramLabel = "USER", description = "A SQL user who must be able to log in with a certificate from the directory.")
    String user;

    /** The hosts as names or addresses, without the port a user may have typed with them. */
    List<String> hosts() {
        return hosts.stream().map(Hostnames::withoutPort).toList();
    }

    /** {@code --certs-dir}, else CockroachDB's default. */
    Path certsDirOrDefault() {
        return certsDir != null ? certsDir : CockroachEnv.defaultCertsDir();
    }
}
