package dev.tlsdoctor.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** What CockroachDB would read from its environment that changes its verdicts. */
final class CockroachEnv {
    /** Go's strconv.ParseBool true values. */
    private static final Set<String> GO_TRUE = Set.of("1", "t", "true");

    private CockroachEnv() {}

    /** CockroachDB's default certs directory: $COCKROACH_CERTS_DIR, else ~/.cockroach-certs. */
    static Path defaultCertsDir() {
        String env = System.getenv("COCKROACH_CERTS_DIR");
        return env != null && !env.isEmpty() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cockroach-certs");
    }

    static boolean skipKeyPermissionCheck() {
        String value = System.getenv("COCKROACH_SKIP_KEY_PERMISSION_CHECK");
        return value != null && GO_TRUE.contains(value.toLowerCase(Locale.ROOT));
    }

    /** Our primary group, standing in for the cockroach process's (the root-owned 0740 key rule compares with it). */
    static long processGid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getGid();
        } catch (RuntimeException | LinkageError notUnix) {
            return -1;
        }
    }
}
