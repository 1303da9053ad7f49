package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.CertEvidence;
import dev.tlsdoctor.certs.FilePermissions;
import dev.tlsdoctor.certs.KeyFacts;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import dev.tlsdoctor.rules.Severity;
import java.util.Map;

/**
 * CockroachDB's key-file permission rule (pkg/security/permission_check.go): no bit outside 0700, or
 * outside 0740 when the key is owned by root and its group is the process's group.
 * COCKROACH_SKIP_KEY_PERMISSION_CHECK turns the refusal off, so the finding becomes information.
 */
public final class KeyPermissions extends Check<CertEvidence> {
    private static final int OWNER_ONLY = 0700;
    private static final int ROOT_OWNED_GROUP_READ = 0740;

    public KeyPermissions() {
        super("key-permissions", CertEvidence.class);
    }

    @Override
    public void check(CertEvidence e, RuleContext out) {
        KeyFacts key = e.key();
        if (key == null || !key.exists() || key.permissions() == null) {
            return;
        }
        FilePermissions p = key.permissions();
        int max = rootOwnedInOurGroup(p, out.settings().processGid()) ? ROOT_OWNED_GROUP_READ : OWNER_ONLY;
        if ((p.mode() & ~max) == 0) {
            return;
        }
        Map<String, String> vars = FixCommands.vars(e);
        vars.put("mode", Integer.toOctalString(repairedMode(p, out.settings().processGid())));
        String message = "key file " + key.file() + " has permissions " + FilePermissions.goModeString(p.mode())
                + ", exceeds " + FilePermissions.goModeString(max);
        if (out.settings().skipKeyPermissionCheck()) {
            out.report(Severity.INFO, e.subject(), message + " (ignored: COCKROACH_SKIP_KEY_PERMISSION_CHECK is set; libpq clients still demand 0600)", vars);
        } else {
            out.report(e.subject(), message + "; CockroachDB refuses to use it", vars);
        }
    }

    /** The mode that fixes a key file: 0600, or 0640 for a root-owned key in the process's group. */
    public static int repairedMode(FilePermissions p, long processGid) {
        return rootOwnedInOurGroup(p, processGid) ? 0640 : 0600;
    }

    private static boolean rootOwnedInOurGroup(FilePermissions p, long processGid) {
        return p.ownerUid() == 0 && p.groupGid() == processGid;
    }
}
