package dev.tlsdoctor.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --ca}, {@code --untrusted}: what to trust, and the intermediates to build chains with. */
final class TrustOptions {
    @Option(names = "--ca", paramLabel = "FILE",
            description = "Trusted CA certificate(s) (default: the certs dir's ca.crt, else the system trust store; check --recursive: the self-signed CAs in the tree, unless --ca is given).")
    Path caFile;

    @Option(names = "--untrusted", paramLabel = "FILE",
            description = "Intermediate certificates to build chains with (and to tell a missing intermediate from an unknown CA). Repeatable.")
    List<Path> untrusted = new ArrayList<>();
}
