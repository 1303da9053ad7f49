package dev.tlsdoctor.cli;

import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * How a command asks the person at the interactive shell a yes/no question ({@code fix} before it applies).
 * Set by the shell around each command it runs; outside the shell there is none.
 */
final class ShellConfirm {
    /** The shell reads from a pipe: there is nobody to ask. */
    static final Predicate<String> NO_TERMINAL = question -> {
        throw new UserError("the shell has no terminal to confirm on; nothing changed (run fix --apply to apply the plan)");
    };
    private static final ThreadLocal<Predicate<String>> CURRENT = new ThreadLocal<>();

    private ShellConfirm() {}

    /** The shell's way to ask, or null when the command was not started from the shell. */
    static Predicate<String> current() {
        return CURRENT.get();
    }

    static int during(Predicate<String> ask, Callable<Integer> command) {
        CURRENT.set(ask);
        try {
            return command.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            CURRENT.remove();
        }
    }
}
