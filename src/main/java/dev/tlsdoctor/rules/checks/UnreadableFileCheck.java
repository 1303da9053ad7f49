package dev.tlsdoctor.rules.checks;

import dev.tlsdoctor.certs.UnreadableFile;
import dev.tlsdoctor.rules.Check;
import dev.tlsdoctor.rules.RuleContext;
import java.util.Map;

/** A certificate or key file that cannot be read or parsed; CockroachDB would fail on it too. */
public final class UnreadableFileCheck extends Check<UnreadableFile> {
    public UnreadableFileCheck() {
        super("unreadable-file", UnreadableFile.class);
    }

    @Override
    public void check(UnreadableFile e, RuleContext out) {
        out.report(e.file().toString(), e.reason(), Map.of("file", e.file().toString()));
    }
}
