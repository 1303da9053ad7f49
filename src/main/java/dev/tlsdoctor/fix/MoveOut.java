package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Moves a CA key out of the certs directory to where the user said it belongs (never deleted). */
public record MoveOut(List<Finding> resolves, Path file, Path destination) implements Step {
    @Override
    public String action() {
        return "move " + file + " to " + destination;
    }

    @Override
    public List<String> details() {
        return List.of("the CA key leaves the directory that is copied to nodes and clients; it is kept at " + destination + ", mode 0600",
                "a restore moves it back");
    }

    @Override
    public List<Path> touches() {
        return List.of(file);
    }

    @Override
    public Map<Path, Integer> keyModes() {
        return Map.of(destination, FixModes.KEY);
    }

    @Override
    public void apply(Workspace workspace) throws IOException {
        workspace.moveOut(file, destination, FixModes.KEY);
    }
}
