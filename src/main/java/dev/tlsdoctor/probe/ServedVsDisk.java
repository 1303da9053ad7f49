package dev.tlsdoctor.probe;

import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * Evidence: the certificate a node serves beside the one on disk that it should be serving (its
 * {@code node.crt}, or {@code ui.crt} for the DB Console). Gathered only where the disk file is this
 * endpoint's: the host dialled is this machine, or is among the disk certificate's SANs.
 */
public record ServedVsDisk(String subject, X509Certificate served, Path diskFile, X509Certificate onDisk) implements Evidence {}
