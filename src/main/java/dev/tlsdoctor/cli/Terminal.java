package dev.tlsdoctor.cli;

/** Whether we talk to a person at a terminal. */
final class Terminal {
    private Terminal() {}

    static boolean wantsColor() {
        String noColor = System.getenv("NO_COLOR");
        if (noColor != null && !noColor.isEmpty() || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        return isInteractive();
    }

    /** Standard input and output are a terminal (not a pipe or a file). */
    static boolean isInteractive() {
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
