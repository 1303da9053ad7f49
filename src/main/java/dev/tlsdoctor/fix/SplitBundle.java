package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A certificate file with its private key pasted in, which CockroachDB refuses: the certificates stay in
 * the file, the key goes to the {@code .key} file beside it (mode 0600).
 *
 * @param certsPem the file's certificate blocks, in order
 * @param keyPem the key block
 */
public record SplitBundle(List<Finding> resolves, Path bundle, Path keyFile, String certsPem, String keyPem, int certMode) implements Step {
    @Override
    public String action() {
        return "split " + bundle + " into its certificates and " + keyFile.getFileName();
    }

    @Override
    public List<String> details() {
        return List.of("the certificates stay in " + bundle.getFileName() + " (mode " + FixModes.octal(certMode) + "); the key, which belongs to its first certificate, goes to "
                + keyFile.getFileName() + " (mode 0600), as written");
    }

    @Override
    public List<Path> touches() {
        return List.of(bundle, keyFile);
    }

    @Override
    public Map<Path, Integer> keyModes() {
        Map<Path, Integer> modes = new LinkedHashMap<>();
        modes.put(keyFile, FixModes.KEY);
        return modes;
    }

    @Override
    public List<Path> bringsIntoUse() {
        return List.of(bundle);
    }

    @Override
    public void apply(Workspace workspace) throws IOException {
        workspace.replace(keyFile, keyPem.getBytes(StandardCharsets.US_ASCII), FixModes.KEY); // the key first: it must not be lost between the writes
        workspace.replace(bundle, certsPem.getBytes(StandardCharsets.US_ASCII), certMode);
    }

    @Override
    public String toString() {
        return "SplitBundle[" + bundle + "]"; // never the key
    }
}
