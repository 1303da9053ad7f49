package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;

/** Writes the PKCS#8 DER copy of a client key that Java (JDBC) clients read, from the PEM key beside it. */
public record WritePkcs8(List<Finding> resolves, Path source, Path pk8, PrivateKey key) implements Step {
    @Override
    public String action() {
        return "write " + pk8 + " from " + source.getFileName();
    }

    @Override
    public List<String> details() {
        return List.of("PKCS#8 DER, unencrypted, mode 0600 (what cockroach cert create-client --also-generate-pkcs8-key writes)");
    }

    @Override
    public List<Path> touches() {
        return List.of(pk8);
    }

    @Override
    public Map<Path, Integer> keyModes() {
        return Map.of(pk8, FixModes.KEY);
    }

    @Override
    public void apply(Workspace workspace) throws IOException {
        workspace.replace(pk8, key.getEncoded(), FixModes.KEY);
    }

    @Override
    public String toString() {
        return "WritePkcs8[" + pk8 + "]"; // never the key
    }
}
