package dev.tlsdoctor.serve;

import dev.tlsdoctor.report.Metric;
import dev.tlsdoctor.report.Sample;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The exporter's own metrics: requests, probes by outcome, time spent probing, config reloads, and the
 * process's memory, CPU, threads and file descriptors. Every label value comes from a fixed set or from
 * the configuration (module names, watched sources), never from a request, so the series are bounded.
 */
final class ExporterMetrics {
    /** How a probe scrape ended: the probe's exit status, or why it was not answered by a probe. */
    static final List<String> OUTCOMES = List.of("ok", "warning", "critical", "unknown", "timeout", "busy");

    static final Metric REQUESTS = counter("tls_doctor_exporter_requests_total", "HTTP requests answered, by handler and status code.");
    static final Metric PROBES = counter("tls_doctor_exporter_probes_total",
            "Probe scrapes answered, by module and outcome: the probe's status (ok, warning, critical, unknown), timeout (not done within the scrape timeout) or busy (no probe slot).");
    static final Metric PROBE_SECONDS = counter("tls_doctor_exporter_probe_seconds_total", "Time spent answering probe scrapes, by module, in seconds.");
    static final Metric PROBES_JOINED = counter("tls_doctor_exporter_probes_joined_total",
            "Probe scrapes answered by a probe of the same module and target that was already in flight.");
    static final Metric IN_FLIGHT = Metric.gauge("tls_doctor_exporter_probes_in_flight", "Probes running or queued now.");
    static final Metric WATCH_CHECKS = counter("tls_doctor_exporter_watch_checks_total",
            "Checks of each watched source; a source is checked again only when it changed on disk (or after watch_recheck).");
    static final Metric RELOAD_OK = Metric.gauge("tls_doctor_exporter_config_last_reload_successful", "1 if the last configuration (re)load succeeded, else 0.");
    static final Metric RELOAD_TIME = Metric.gauge("tls_doctor_exporter_config_last_reload_success_timestamp_seconds",
            "When the configuration was last loaded successfully, in seconds since the Unix epoch.");
    static final Metric START_TIME = Metric.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.");
    static final Metric CPU = counter("process_cpu_seconds_total", "Total user and system CPU time spent, in seconds.");
    static final Metric RSS = Metric.gauge("process_resident_memory_bytes", "Resident memory size, in bytes.");
    static final Metric OPEN_FDS = Metric.gauge("process_open_fds", "Number of open file descriptors.");
    static final Metric JVM_MEMORY = Metric.gauge("jvm_memory_used_bytes", "Used bytes of the JVM's heap and non-heap memory.");
    static final Metric JVM_THREADS = Metric.gauge("jvm_threads_current", "Current thread count of the JVM.");

    private final Map<List<String>, LongAdder> requests = new ConcurrentSkipListMap<>(ExporterMetrics::compare);
    private final Map<List<String>, LongAdder> probes = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> probeSeconds = new ConcurrentHashMap<>();
    private final LongAdder joined = new LongAdder();
    private volatile boolean reloadOk;
    private volatile Instant reloadedAt;

    void request(String handler, int code) {
        requests.computeIfAbsent(List.of(handler, Integer.toString(code)), k -> new LongAdder()).increment();
    }

    void probe(String module, String outcome, double seconds, boolean joinedFlight) {
        probes.computeIfAbsent(List.of(module, outcome), k -> new LongAdder()).increment();
        probeSeconds.computeIfAbsent(module, k -> new DoubleAdder()).add(seconds);
        if (joinedFlight) {
            joined.increment();
        }
    }

    void reloaded(boolean ok, Instant at) {
        reloadOk = ok;
        if (ok) {
            reloadedAt = at;
        }
    }

    /**
     * @param modules the configured modules: each gets every outcome's series, 0 included, so a series
     *     exists before its first event and rate() sees the first one
     */
    List<Sample> samples(Collection<String> modules, int inFlight, Map<String, Long> watchChecks) {
        List<Sample> out = new ArrayList<>();
        requests.forEach((k, v) -> out.add(new Sample(REQUESTS, labels("handler", k.get(0), "code", k.get(1)), v.sum(), null)));
        for (String module : modules.stream().sorted().toList()) {
            for (String outcome : OUTCOMES) {
                LongAdder n = probes.get(List.of(module, outcome));
                out.add(new Sample(PROBES, labels("module", module, "outcome", outcome), n == null ? 0 : n.sum(), null));
            }
        }
        for (String module : modules.stream().sorted().toList()) {
            DoubleAdder s = probeSeconds.get(module);
            out.add(new Sample(PROBE_SECONDS, labels("module", module), s == null ? 0 : s.sum(), null));
        }
        out.add(new Sample(PROBES_JOINED, Map.of(), joined.sum(), null));
        out.add(new Sample(IN_FLIGHT, Map.of(), inFlight, null));
        watchChecks.forEach((source, n) -> out.add(new Sample(WATCH_CHECKS, labels("source", source), n, null)));
        out.add(new Sample(RELOAD_OK, Map.of(), reloadOk ? 1 : 0, null));
        if (reloadedAt != null) {
            out.add(new Sample(RELOAD_TIME, Map.of(), reloadedAt.getEpochSecond(), null));
        }
        out.addAll(process());
        return out;
    }

    private static List<Sample> process() {
        List<Sample> out = new ArrayList<>();
        out.add(new Sample(START_TIME, Map.of(), ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0, null));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os && os.getProcessCpuTime() >= 0) {
            out.add(new Sample(CPU, Map.of(), os.getProcessCpuTime() / 1e9, null));
        }
        long rss = residentBytes();
        if (rss >= 0) {
            out.add(new Sample(RSS, Map.of(), rss, null));
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            out.add(new Sample(OPEN_FDS, Map.of(), fds.count(), null));
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux: no descriptor count, as the Prometheus clients do elsewhere
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        out.add(new Sample(JVM_MEMORY, labels("area", "heap"), heap.getUsed(), null));
        out.add(new Sample(JVM_MEMORY, labels("area", "nonheap"), nonHeap.getUsed(), null));
        out.add(new Sample(JVM_THREADS, Map.of(), ManagementFactory.getThreadMXBean().getThreadCount(), null));
        return out;
    }

    /** VmRSS from /proc/self/status, in bytes; -1 where there is no /proc. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: the metric is left out
        }
        return -1;
    }

    private static Metric counter(String name, String help) {
        return new Metric(name, "counter", help);
    }

    private static Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    private static int compare(List<String> a, List<String> b) {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
    }
}
