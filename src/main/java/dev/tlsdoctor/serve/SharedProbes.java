package dev.tlsdoctor.serve;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One probe in flight per module and target: a burst of scrapes for the same target (several
 * Prometheus servers, a dashboard refresh) waits for the probe already running instead of starting
 * more, so a target is never dialled more than once at a time by this exporter.
 */
final class SharedProbes<T> {
    /** A probe to wait for, and whether this caller joined one another caller had started. */
    record Flight<T>(CompletableFuture<T> result, boolean joined) {}

    /** Thrown into a flight's result when its work was still queued at its deadline: nobody waits for it any more. */
    static final class Expired extends RuntimeException {
        Expired() {
            super("no probe slot came free before the deadline", null, false, false);
        }
    }

    private final ConcurrentHashMap<String, CompletableFuture<T>> inFlight = new ConcurrentHashMap<>();
    private final Executor executor;

    SharedProbes(Executor executor) {
        this.executor = executor;
    }

    /**
     * The flight for {@code key}: the one in progress, or a new one running {@code work} on the executor.
     * Queued work that starts after {@code deadline} is not run.
     *
     * @throws RejectedExecutionException when the executor's queue is full
     */
    Flight<T> join(String key, Instant deadline, Supplier<T> work) {
        CompletableFuture<T> fresh = new CompletableFuture<>();
        CompletableFuture<T> running = inFlight.putIfAbsent(key, fresh);
        if (running != null) {
            return new Flight<>(running, true);
        }
        fresh.whenComplete((r, e) -> inFlight.remove(key, fresh));
        try {
            executor.execute(() -> {
                if (Instant.now().isAfter(deadline)) {
                    fresh.completeExceptionally(new Expired());
                    return;
                }
                try {
                    fresh.complete(work.get());
                } catch (RuntimeException e) {
                    fresh.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            fresh.completeExceptionally(e);
            throw e;
        }
        return new Flight<>(fresh, false);
    }

    int inFlight() {
        return inFlight.size();
    }
}
