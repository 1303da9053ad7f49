package dev.tlsdoctor.fix;

import dev.tlsdoctor.rules.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One change a repair makes to the certs directory. A step names the findings it resolves, says exactly
 * what it will do before it does it, and lists every file it replaces, creates or removes, so the backup
 * can hold them first. A step that only prints (for example changes to a Kubernetes Secret that another
 * tool applies) is a {@link ManualStep}, not a Step.
 */
public sealed interface Step permits ChmodKey, MoveOut, Rename, SetAside, SplitBundle, WritePkcs8, Reissue {

    /** The findings this step makes go away. */
    List<Finding> resolves();

    /** What it does, in one line: the verb and the file. */
    String action();

    /** How exactly: modes, owner, subject, SANs, usages, validity, signing key. */
    List<String> details();

    /** Files in the certs directory it replaces, creates or removes (backed up first). */
    List<Path> touches();

    /** The mode each private key file it leaves behind will have. */
    Map<Path, Integer> keyModes();

    void apply(Workspace workspace) throws IOException;

    /**
     * Certificate files CockroachDB could not use before this step and can after it (a misnamed file
     * renamed, a bundle split): what the check then finds in them is not something the repair broke.
     */
    default List<Path> bringsIntoUse() {
        return List.of();
    }
}
