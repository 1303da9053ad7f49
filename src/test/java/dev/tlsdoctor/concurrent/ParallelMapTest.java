package dev.tlsdoctor.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelMapTest {
    @Test
    void everyItemIsMappedOnceAndTheOrderIsKept() {
        List<Integer> items = IntStream.range(0, 5_000).boxed().toList();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<String> out = ParallelMap.map(items, i -> {
            assertTrue(seen.add(i), "mapped twice: " + i);
            return "#" + i;
        });
        assertEquals(items.stream().map(i -> "#" + i).toList(), out);
    }

    @Test
    void aSmallListStaysOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        List<Thread> threads = ParallelMap.map(IntStream.range(0, ParallelMap.PARALLEL_FROM - 1).boxed().toList(), i -> Thread.currentThread());
        assertTrue(threads.stream().allMatch(t -> t == caller));
    }

    @Test
    void aFailureReachesTheCallerWhicheverThreadMetIt() {
        List<Integer> items = IntStream.range(0, 1_000).boxed().toList();
        for (int bad : List.of(0, 500, 999)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParallelMap.map(items, i -> {
                if (i == bad) {
                    throw new IllegalStateException("item " + i);
                }
                return i;
            }));
            assertTrue(String.valueOf(e.getMessage()).contains("item " + bad) || String.valueOf(e.getCause()).contains("item " + bad), e.toString());
        }
    }
}
