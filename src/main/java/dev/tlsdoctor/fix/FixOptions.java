package dev.tlsdoctor.fix;

import java.nio.file.Path;
import java.util.List;

/**
 * What the user gave {@code fix}.
 *
 * @param caKey {@code --ca-key}: the key of ca.crt's CA; when it names no file yet and the certs dir holds ca.key, that key is moved there
 * @param caClientKey {@code --ca-client-key}: the same for ca-client.crt and ca-client.key
 * @param hosts {@code --host}: names to add to node.crt's SANs
 * @param newKeys {@code --new-keys}: new keys for every certificate issued, not only where the old key is weak or wrong
 */
public record FixOptions(Path caKey, Path caClientKey, List<String> hosts, boolean newKeys) {}
