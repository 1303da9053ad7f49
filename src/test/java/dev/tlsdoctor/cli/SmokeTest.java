package dev.tlsdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tlsdoctor.testing.Cli;
import dev.tlsdoctor.testing.CertsDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @Test
    void healthyDirectoryIsOk(@TempDir Path dir) {
        CertsDirs.healthyNode(dir);
        Cli.Result r = Cli.run("check", "--certs-dir", dir.toString(), "--host", "localhost");
        System.out.println(r.out() + r.err());
        assertEquals(0, r.exitCode(), r.out() + r.err());
    }
}
