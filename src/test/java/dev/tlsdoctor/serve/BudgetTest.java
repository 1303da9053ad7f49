package dev.tlsdoctor.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BudgetTest {
    private static final Duration OFFSET = Duration.ofMillis(500);

    private static Exporter.Budget budget(String header, long moduleMillis) {
        return Exporter.budget(header, Duration.ofMillis(moduleMillis), OFFSET);
    }

    @Test
    void answerIsDueAtTheScrapeTimeoutLessTheOffsetAndTheProbeEndsBeforeIt() {
        assertEquals(new Exporter.Budget(Duration.ofMillis(4000), Duration.ofMillis(4500)), budget("5", 30_000));
        assertEquals(new Exporter.Budget(Duration.ofMillis(2000), Duration.ofMillis(4500)), budget("5", 2_000), "the module's timeout when shorter");
        assertEquals(new Exporter.Budget(Duration.ofMillis(1125), Duration.ofMillis(1500)), budget("2.0", 5_000), "a quarter for the rules when short");
        assertEquals(new Exporter.Budget(Duration.ofMillis(150), Duration.ofMillis(200)), budget("0.4", 5_000), "half the scrape timeout when the offset leaves too little");
    }

    @Test
    void withoutAUsableHeaderTheModuleTimeoutBoundsTheProbe() {
        Exporter.Budget expected = new Exporter.Budget(Duration.ofSeconds(5), Duration.ofMillis(5500));
        assertEquals(expected, budget(null, 5_000));
        assertEquals(expected, budget("soon", 5_000));
        assertEquals(expected, budget("-1", 5_000));
        assertEquals(expected, budget("Infinity", 5_000));
    }
}
