package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Takes the permission bits CockroachDB refuses off a key file; the owner stays. */
public record ChmodKey(List<Finding> resolves, Path keyFile, int from, int to, long ownerUid, long groupGid) implements Step {
    @Override
    public String action() {
        return "chmod " + Integer.toOctalString(to) + " " + keyFile;
    }

    @Override
    public List<String> details() {
        return List.of("mode " + FixModes.octal(from) + " (" + FixModes.rwx(from) + ") -> " + FixModes.octal(to) + " (" + FixModes.rwx(to) + ")",
                "owner uid " + ownerUid + ", group gid " + groupGid + " kept (CockroachDB asks no other owner)");
    }

    @Override
    public List<Path> touches() {
        return List.of(keyFile);
    }

    @Override
    public Map<Path, Integer> keyModes() {
        return Map.of(keyFile, to);
    }

    @Override
    public void apply(Workspace workspace) throws IOException {
        workspace.chmod(keyFile, to);
    }
}
