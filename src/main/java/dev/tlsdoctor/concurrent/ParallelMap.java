package dev.tlsdoctor.concurrent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Maps a list on every core, keeping its order. Each thread takes the next item when it is done with
 * the last one: a parallel stream splits the work into a few fixed shares up front, and profiling a
 * 10,000-certificate directory showed one core idle for a quarter of each phase while the other finished
 * its share. Small lists are mapped on the calling thread alone, where handing work out costs more.
 */
public final class ParallelMap {
    /** Below this many items, one thread. */
    static final int PARALLEL_FROM = 64;

    private ParallelMap() {}

    /** {@code f} applied to every item, in the items' order; the first exception {@code f} throws is rethrown. */
    public static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> f) {
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1);
        if (items.size() < PARALLEL_FROM || threads < 2) {
            List<R> out = new ArrayList<>(items.size());
            for (T item : items) {
                out.add(f.apply(item));
            }
            return out;
        }
        Object[] results = new Object[items.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
                results[i] = f.apply(items.get(i));
            }
        };
        List<ForkJoinTask<?>> helpers = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            helpers.add(ForkJoinPool.commonPool().submit(worker));
        }
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            next.set(results.length); // the helpers stop at their next item
            throw e;
        } finally {
            for (ForkJoinTask<?> helper : helpers) {
                helper.join(); // rethrows a helper's exception (join() waits for it, so every result is visible after)
            }
        }
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Arrays.asList(results);
        return out;
    }
}
