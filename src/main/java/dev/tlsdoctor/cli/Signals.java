package dev.tlsdoctor.cli;

/** SIGHUP, which daemons take as "read your configuration again" (systemd's ExecReload sends it). */
final class Signals {
    private Signals() {}

    /** Runs {@code action} on each SIGHUP; where the JVM cannot catch it (Windows), nothing happens. */
    static void onHangUp(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
        } catch (IllegalArgumentException e) {
            // no SIGHUP on this platform: the configuration file is still watched for changes
        }
    }
}
