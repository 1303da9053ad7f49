package dev.tlsdoctor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What to look at besides the command's own input: a certs directory, the hosts clients dial, the SQL user. */
final class TargetOptions {
    @Option(names = "--certs-dir", paramLabel = "DIR", description = "The certs directory to check.")
    Path certsDir;

    @Option(names = "--host", paramLabel = "NAME|IP", split = ",",
            description = "A name or address clients use to reach the node; checked against node.crt's SANs. Repeatable.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--user", paramLabel = "USER", description = "The SQL user who logs in with a certificate from the directory.")
    String user;
}
