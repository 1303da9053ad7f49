package dev.tlsdoctor.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading a file whose size was taken by an earlier stat: a size that has changed since never cuts or pads the bytes. */
class FileBytesTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} bytes, stat said {1}")
    @CsvSource({"1, 1", "1700, 1700", "1700, 0", "1700, 10", "1700, 100000", "300000, 4096", "1048576, 0"})
    void readsExactlyWhatIsThere(int size, long sizeHint) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path file = Files.write(dir.resolve("f"), content);
        assertArrayEquals(content, FileBytes.readRegular(file, sizeHint));
    }

    @ParameterizedTest(name = "stat said {0}")
    @CsvSource({"0", "1048577", "5000000"})
    void aFileThatGrewPastTheLimitIsRefused(long sizeHint) throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[FileBytes.MAX_BYTES + 1]);
        BadFileException e = assertThrows(BadFileException.class, () -> FileBytes.readRegular(file, sizeHint));
        assertEquals(BadFileException.Kind.TOO_LARGE, e.kind());
    }
}
