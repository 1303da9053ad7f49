package dev.tlsdoctor.cli;

/** {@code --format markdown}: the support-ticket document, to attach as it is. */
final class MarkdownOutput implements Output {
    @Override
    public String render(Diagnosed run, boolean color) {
        return run.ticket().document().markdown(run.ticket().redaction());
    }
}
