package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Takes a stray copy of a file CockroachDB already loads out of the directory; it stays in the backup. */
public record SetAside(List<Finding> resolves, List<Path> files, String why) implements Step {
    @Override
    public String action() {
        return "move " + String.join(", ", files.stream().map(Path::toString).toList()) + " into the backup";
    }

    @Override
    public List<String> details() {
        return List.of(why, "kept in the backup directory; a restore puts it back");
    }

    @Override
    public List<Path> touches() {
        return files;
    }

    @Override
    public Map<Path, Integer> keyModes() {
        return Map.of();
    }

    @Override
    public void apply(Workspace workspace) throws IOException {
        for (Path file : files) {
            workspace.setAside(file);
        }
    }
}
