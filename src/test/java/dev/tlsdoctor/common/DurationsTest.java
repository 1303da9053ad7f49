package dev.tlsdoctor.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsDurationsAsCockroachSettingsWriteThem() {
        assertEquals(Duration.ofSeconds(3), Durations.parse("3s"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("1m30s"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2"));
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms")); // as probe --timeout read them
        assertEquals(Duration.ofMinutes(1), Durations.parse("1m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofSeconds(5), Durations.parse("5 s"));
    }

    @Test
    void refusesWhatIsNotADuration() {
        for (String bad : new String[] {"", "soon", "3x", "0s", "s", "3s junk"}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
        }
    }

    @Test
    void writesShortWords() {
        assertEquals("3s", Durations.words(Duration.ofSeconds(3)));
        assertEquals("500ms", Durations.words(Duration.ofMillis(500)));
        assertEquals("1.5s", Durations.words(Duration.ofMillis(1500)));
    }
}
