package dev.tlsdoctor.cli;

import dev.tlsdoctor.serve.CommandRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs a command line in this JVM through {@link Main#run}, its output captured: the exporter's way to run probe and check. */
public final class InProcessRunner implements CommandRunner {
    @Override
    public Result run(List<String> argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(argv.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
