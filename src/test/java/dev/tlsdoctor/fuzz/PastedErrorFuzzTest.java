package dev.tlsdoctor.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tlsdoctor.explain.ExplainMatcher;
import dev.tlsdoctor.explain.ExplainText;
import dev.tlsdoctor.explain.Explainer;
import dev.tlsdoctor.explain.Explanation;
import dev.tlsdoctor.explain.PastedError;
import dev.tlsdoctor.explain.Recognised;
import dev.tlsdoctor.report.JsonReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Error text pasted into {@code tls-doctor explain}: {@link PastedError}'s views (re-joined wrapped lines),
 * {@link ExplainMatcher} with every shipped rule's error patterns (a pattern that backtracks without end
 * on some paste is a hang here), {@link Explainer}'s ranking and fix templates, and both renderings.
 */
class PastedErrorFuzzTest {
    private static final ExplainMatcher MATCHER = new ExplainMatcher(FuzzFixtures.ENGINE.catalog());
    private static final Explainer EXPLAINER = new Explainer(FuzzFixtures.ENGINE.catalog(), Map.of("certsDir", "<certs-dir>", "user", "<user>"));

    @FuzzTest
    void pastedError(byte[] data) {
        List<Recognised> messages = MATCHER.match(new PastedError(new String(data, StandardCharsets.UTF_8)));
        Explanation explanation = EXPLAINER.explain(messages, List.of(), Set.of(), Set.of(), List.of());
        ExplainText.render(explanation, "run explain again with --certs-dir");
        JsonReport.render(explanation);
    }
}
