package dev.tlsdoctor.fuzz;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * Fuzzes one target in this JVM: {@code FuzzOne <class> <method> <corpus dir> <seconds> <seed>} (libFuzzer's
 * -seed; 0 picks a random one), started by
 * {@link FuzzRunsTest} with JAZZER_FUZZ=1 (Jazzer fuzzes one @FuzzTest per JVM). The corpus directory
 * keeps what the fuzzer learns; the committed inputs are read as seeds; a crashing input is written
 * to the target's inputs directory under src/test/resources, where it becomes a regression input.
 * Exit status 0 when the time ran out without a finding.
 */
public final class FuzzOne {
    /** An input that takes longer than this is a hang: Jazzer stops with a timeout finding and saves it. */
    static final int PER_INPUT_SECONDS = 10;
    /** The classes coverage guides through: ours, and BouncyCastle, which parses the ASN.1 we hand it. */
    private static final String INSTRUMENT = "dev.tlsdoctor.**,org.bouncycastle.**";

    private FuzzOne() {}

    public static void main(String[] args) throws ClassNotFoundException {
        Class<?> target = Class.forName(args[0], true, FuzzOne.class.getClassLoader());
        Method method = Arrays.stream(target.getDeclaredMethods()).filter(m -> m.getName().equals(args[1])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(args[0] + " has no method " + args[1]));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(target, method))
                .configurationParameters(Map.of(
                        "jazzer.internal.arg.0", "fuzz",
                        "jazzer.internal.arg.1", args[2],
                        "jazzer.internal.arg.2", "-timeout=" + PER_INPUT_SECONDS,
                        "jazzer.internal.arg.3", "-seed=" + args[4],
                        "jazzer.max_duration", args[3] + "s",
                        "jazzer.instrument", INSTRUMENT,
                        "jazzer.hooks", "true"))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(new java.io.PrintWriter(System.out, true), 40);
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
