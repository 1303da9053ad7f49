package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a misnamed certificate (and its key, when there is one) the name its role needs, when the
 * certificate leaves no doubt about the role and nothing has that name yet.
 *
 * @param key the misnamed key beside it, or null
 * @param keyMode the mode the key keeps (already private; otherwise the plan refuses)
 */
public record Rename(List<Finding> resolves, Path file, Path target, String why, Path key, Path keyTarget, int keyMode) implements Step {
    @Override
    public String action() {
        return "rename " + file + " to " + target + (key != null ? " and " + key.getFileName() + " to " + keyTarget.getFileName() : "");
    }

    @Override
    public List<String> details() {
        return List.of(why, "contents and modes unchanged");
    }

    @Override
    public List<Path> touches() {
        List<Path> files = new ArrayList<>(List.of(file, target));
        if (key != null) {
            files.addAll(List.of(key, keyTarget));
        }
        return files;
    }

    @Override
    public Map<Path, Integer> keyModes() {
        Map<Path, Integer> modes = new LinkedHashMap<>();
        if (key != null) {
            modes.put(keyTarget, keyMode);
        }
        return modes;
    }

    @Override
    public List<Path> bringsIntoUse() {
        return List.of(target);
    }

    @Override
    public void apply(Workspace workspace) throws IOException {
        if (Files.exists(target) || key != null && Files.exists(keyTarget)) {
            throw new IOException(target + " appeared since the plan was made; not overwritten");
        }
        workspace.rename(file, target);
        if (key != null) {
            workspace.rename(key, keyTarget);
        }
    }
}
