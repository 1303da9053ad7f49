package dev.tlsdoctor.cli;

/** One output format: turns what a run produced into what the command prints. Registered in {@link OutputFormat}. */
interface Output {
    String render(Diagnosed run, boolean color);

    /** What to print when nothing could be checked (the command then exits 3 with a one-line error), or "" for nothing. */
    default String couldNotCheck(String reason) {
        return "";
    }
}
