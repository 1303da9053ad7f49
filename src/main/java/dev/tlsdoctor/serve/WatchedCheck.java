package dev.tlsdoctor.serve;

import dev.tlsdoctor.serve.ExporterConfig.Watch;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One watched certs dir (or set of files) and its last {@code check --format prometheus} output, run
 * again only when something the check reads changed on disk — a file added, removed, rewritten,
 * re-linked (Kubernetes swaps a mounted Secret's {@code ..data} link) or given other permissions — or
 * when {@code recheck} has passed, so that verdicts that depend on the time (expiring-soon) stay true.
 */
final class WatchedCheck {
    private static final String ATTRIBUTES = "unix:ino,size,lastModifiedTime,ctime,mode,uid,gid";

    private final Watch watch;
    private final Duration recheck;
    private final Clock clock;
    private String fingerprint;
    private Instant checkedAt;
    private String exposition;
    private long checks;

    WatchedCheck(Watch watch, Duration recheck, Clock clock) {
        this.watch = watch;
        this.recheck = recheck;
        this.clock = clock;
    }

    Watch watch() {
        return watch;
    }

    /** The check's metrics, from the last run when nothing changed since. */
    synchronized String exposition(CommandRunner runner) {
        String now = fingerprint();
        Instant at = clock.instant();
        if (exposition == null || !now.equals(fingerprint) || !at.isBefore(checkedAt.plus(recheck))) {
            exposition = runner.run(watch.checkCommand()).out();
            fingerprint = now;
            checkedAt = at;
            checks++;
        }
        return exposition;
    }

    /** How many times the check ran: the exporter's own metric of re-reads. */
    synchronized long checks() {
        return checks;
    }

    /** The attributes of every path the check reads, links followed; a path that cannot be read counts as its error. */
    private String fingerprint() {
        Map<String, Object> seen = new TreeMap<>();
        for (Path path : watch.paths()) {
            add(seen, path);
            if (Files.isDirectory(path)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                    for (Path entry : entries) {
                        add(seen, entry);
                    }
                } catch (IOException e) {
                    seen.put(path + "/", e.toString());
                }
            }
        }
        return seen.toString();
    }

    private static void add(Map<String, Object> seen, Path path) {
        try {
            seen.put(path.toString(), new ArrayList<>(new TreeMap<>(Files.readAttributes(path, ATTRIBUTES)).values()));
        } catch (IOException | UnsupportedOperationException e) {
            seen.put(path.toString(), List.of(e.getClass().getSimpleName()));
        }
    }
}
