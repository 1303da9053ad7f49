package dev.tlsdoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets and cert-manager Certificates kept as files in {@code cluster/}, and a fix's kubectl commands run against them with
 * the real kubectl, offline: {@code get secret NAME -o jsonpath=…} reads {@code cluster/NAME.yaml} (patch --local with an empty
 * patch), {@code create … --dry-run=client -o yaml | kubectl apply -f -} is merged into it as apply merges data keys, and
 * {@code patch secret|certificate} is applied with patch --local. Lines that need a cluster or a program not installed
 * ({@code rollout restart}, {@code cmctl}, {@code cockroach cert}, whose openssl equivalent follows) are set apart, not run.
 */
public final class OfflineCluster {
    private static final Pattern GET = Pattern.compile("kubectl (?:-n \\S+ )?get secret (\\S+) -o jsonpath=");
    private static final Pattern CREATE = Pattern.compile("(kubectl (?:-n \\S+ )?create secret generic (\\S+) .*--dry-run=client -o) yaml \\| kubectl apply -f -");
    private static final Pattern PATCH = Pattern.compile("kubectl (?:-n \\S+ )?patch (secret|certificate) (\\S+) (.*)");
    /** Lines of prose in a fix start with none of these. */
    private static final Pattern COMMAND = Pattern.compile("(?:mkdir|\\(umask|openssl|rm|cp|chmod|kubectl|cmctl|cockroach) .*");

    private final Path dir;

    public OfflineCluster(Path dir) {
        this.dir = dir;
    }

    /** The file that holds the Secret (or, with {@code kind} certificate, the Certificate) NAME. */
    public Path file(String kind, String name) {
        return dir.resolve("cluster").resolve(kind + "-" + name + ".yaml");
    }

    public OfflineCluster put(KubeSecrets.Secret secret) {
        return put("secret", secret.name(), secret.yaml());
    }

    public OfflineCluster put(String kind, String name, String yaml) {
        try {
            Files.createDirectories(dir.resolve("cluster"));
            Files.writeString(file(kind, name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The commands run and the ones set apart. */
    public record Run(List<String> ran, List<String> notRun) {}

    /** Runs the command lines of {@code fix} with bash (-e, pipefail) in the directory, HOME set to it. */
    public Run run(String fix) {
        List<String> ran = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        for (String line : fix.lines().map(String::strip).filter(l -> COMMAND.matcher(l).matches()).toList()) {
            if (line.startsWith("cockroach cert ") || line.startsWith("cmctl ") || line.contains(" rollout restart ")) {
                notRun.add(line);
            } else {
                ran.add(offline(line));
            }
        }
        Kubectl.bash(dir, "set -e -o pipefail; export HOME=" + dir + "\n" + String.join("\n", ran));
        return new Run(ran, notRun);
    }

    private String offline(String line) {
        Matcher create = CREATE.matcher(line);
        if (create.find()) {
            String live = "cluster/secret-" + create.group(2) + ".yaml";
            return create.replaceFirst(Matcher.quoteReplacement(create.group(1) + " json > applied.json && kubectl patch --local -f " + live
                    + " --type=merge --patch-file=applied.json -o yaml > next.yaml && mv next.yaml " + live));
        }
        Matcher patch = PATCH.matcher(line);
        if (patch.matches()) {
            String live = "cluster/" + patch.group(1) + "-" + patch.group(2) + ".yaml";
            return "kubectl patch --local -f " + live + " " + patch.group(3) + " -o yaml > next.yaml && mv next.yaml " + live;
        }
        Matcher get = GET.matcher(line);
        StringBuilder out = new StringBuilder();
        while (get.find()) {
            get.appendReplacement(out, Matcher.quoteReplacement("kubectl patch --local -f cluster/secret-" + get.group(1) + ".yaml --type=merge -p '{}' -o jsonpath="));
        }
        get.appendTail(out);
        return out.toString();
    }
}
