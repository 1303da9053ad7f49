package dev.tlsdoctor.cli;

/** Whether standard output is a terminal that wants colour. */
final class Terminal {
    private Terminal() {}

    static boolean wantsColor() {
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty() || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        // Java 22+ returns a console even when output is redirected; isTerminal() tells the difference there.
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true;
        }
    }
}
