package dev.tlsdoctor.certs;

import dev.tlsdoctor.common.Evidence;
import java.nio.file.Path;

/** Evidence: a certificate or key file that could not be read or parsed, and why. */
public record UnreadableFile(Path file, String reason) implements Evidence {}
