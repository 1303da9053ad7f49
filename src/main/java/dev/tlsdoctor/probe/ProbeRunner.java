package dev.tlsdoctor.probe;

import dev.tlsdoctor.common.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes many endpoints at once with a fixed pool of threads. Each probe is bounded by its own
 * timeout, so with enough threads a fleet with dead hosts takes about one timeout, not one per host.
 */
public final class ProbeRunner {
    /** Enough to keep every probe of a 200-endpoint fleet in auto mode in flight at once: the threads mostly wait on sockets. */
    public static final int DEFAULT_CONCURRENCY = 512;

    /** Told after each probe finishes: how many are done out of how many. */
    public interface Progress {
        void update(int done, int total);
    }

    private ProbeRunner() {}

    /** Results in the order of {@code endpoints} × {@code modes}. */
    public static List<ProbeResult> run(List<Endpoint> endpoints, List<ProbeMode> modes, ProbeSettings settings, int concurrency, Progress progress) {
        Prober prober = new Prober(settings);
        int total = endpoints.size() * modes.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, total)), r -> {
            Thread t = new Thread(r, "tls-doctor-probe");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        List<Future<ProbeResult>> futures = new ArrayList<>();
        long submitted = System.nanoTime();
        for (Endpoint endpoint : endpoints) {
            for (ProbeMode mode : modes) {
                // Probes that get a thread at once count their timeout from now, so that starting hundreds of threads on a
                // busy machine does not stretch the run; probes that wait for a thread count from when they get one.
                boolean waits = futures.size() >= concurrency;
                futures.add(pool.submit(() -> {
                    ProbeResult r = waits ? prober.probe(endpoint, mode) : prober.probe(endpoint, mode, submitted);
                    progress.update(done.incrementAndGet(), total);
                    return r;
                }));
            }
        }
        pool.shutdown();
        // A last-resort bound: every probe ends by its own deadline; this only guards against a step that ignores it.
        int rounds = (total + Math.max(1, concurrency) - 1) / Math.max(1, concurrency);
        long giveUp = System.nanoTime() + settings.timeout().plusSeconds(2).multipliedBy(rounds).plusSeconds(5).toNanos();
        List<ProbeResult> results = new ArrayList<>();
        int i = 0;
        for (Endpoint endpoint : endpoints) {
            for (ProbeMode mode : modes) {
                results.add(await(futures.get(i++), giveUp, endpoint, mode, prober, settings.timeout()));
            }
        }
        pool.shutdownNow();
        return modes.size() > 1 ? markOtherModes(results) : results;
    }

    private static ProbeResult await(Future<ProbeResult> future, long giveUpNanos, Endpoint endpoint, ProbeMode mode, Prober prober, Duration timeout) {
        try {
            return future.get(Math.max(0, giveUpNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            future.cancel(true);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return stuck(endpoint, mode, prober, timeout, "the probe did not finish within " + Durations.words(timeout));
        } catch (ExecutionException e) {
            // Probes turn every network failure into an outcome; what escapes is a bug of ours, and must not pass for a server's fault.
            throw new IllegalStateException("probe of " + endpoint + " (" + mode.label() + ") failed: " + e.getCause(), e.getCause());
        }
    }

    private static ProbeResult stuck(Endpoint endpoint, ProbeMode mode, Prober prober, Duration timeout, String detail) {
        return ProbeResult.withoutSession(endpoint, mode, prober.serverName(endpoint), ProbeOutcome.TIMEOUT, "probe", detail, timeout.toMillis(), null);
    }

    /** In auto mode, marks each result whose other mode on the same endpoint reached TLS. */
    private static List<ProbeResult> markOtherModes(List<ProbeResult> results) {
        List<ProbeResult> marked = new ArrayList<>();
        for (ProbeResult r : results) {
            boolean other = results.stream().anyMatch(o -> o != r && o.endpoint().equals(r.endpoint()) && o.mode() != r.mode() && o.reachedTls());
            marked.add(other ? r.withOtherModeWorked(true) : r);
        }
        return marked;
    }
}
