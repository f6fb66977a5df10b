package dev.cloudtest.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Scenario 7: the wall time of {@code mvn verify} of {@code examples/document-intake} — the plugin provisions the
 * stack around failsafe on the zero-setup emulator (it starts its own moto), the journey ITs attach to it through
 * the JUnit extension, and {@code BrokenSystemIT} provisions two more stacks — run as a child process, as a user
 * runs it. Needs the cloudtest artifacts in {@code ~/.m2}: {@code scripts/benchmark.sh} installs them first.
 *
 * <p>One warm-up run with {@code -DargLine=-Xmx256m} (the test JVM must pass within 256 MiB), then rounds of a full
 * run and a build-only run ({@code -DskipITs}: no stack, no IT), order rotated. Each full run's test JVM logs its GC
 * ({@code -DargLine=-Xlog:gc,gc+heap+exit:file=...}, which failsafe passes to the forked JVM); the peak heap is the
 * largest heap-before-GC (or used-at-exit) in that log. The phases come from the two run reports each full run
 * writes to {@code target/cloudtest/run-*.json}: the plugin's (in the Maven JVM) and the test JVM's.
 */
final class EndToEnd {
    private static final String SCENARIO = "7 End to end";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAVEN_TIMEOUT_SECONDS = 300;
    private static final Pattern BEFORE_GC = Pattern.compile("(\\d+)([KMG])->\\d+[KMG]\\(\\d+[KMG]\\)");
    private static final Pattern USED_AT_EXIT = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final List<String> ARTIFACTS =
            List.of("cloudtest-core", "cloudtest-junit5-extension", "cloudtest-maven-plugin");

    private final Path root;
    private final Results results;
    private final Settings settings;
    private final Path logs;
    private final Path reports;

    EndToEnd(Path root, Results results, Settings settings) {
        this.root = root;
        this.results = results;
        this.settings = settings;
        this.logs = root.resolve("benchmarks/target/e2e");
        this.reports = root.resolve("examples/document-intake/target/cloudtest");
    }

    /** One Maven run: wall time, exit code and the run reports it wrote. */
    private record MavenRun(long nanos, int exitCode, List<JsonNode> runReports, Path log) {}

    void run() throws Exception {
        Files.createDirectories(logs);
        checkInstalledArtifacts("before");

        Path warmGc = logs.resolve("gc-xmx256m.log");
        MavenRun warm = mvn(true, "-Xmx256m -Xlog:gc,gc+heap+exit:file=" + warmGc, "warmup-xmx256m");
        double warmPeak = peakHeapMiB(warmGc);
        boolean warmPassed = warm.exitCode() == 0;

        Samples full = new Samples("mvn verify (build + journey suite)");
        Samples buildOnly = new Samples("mvn verify -DskipITs (build only)");
        Samples suiteCost = new Samples("journey suite cost = full − build only (same round)");
        Map<String, Samples> phases = new LinkedHashMap<>();
        Map<String, List<Double>> shares = new LinkedHashMap<>();
        Map<String, Samples> perStack = new LinkedHashMap<>();
        double peak = 0;
        for (int i = 0; i < settings.e2eRuns(); i++) {
            MavenRun withIts = null;
            MavenRun without = null;
            for (int k = 0; k < 2; k++) {
                if ((i + k) % 2 == 0) {
                    Path gc = logs.resolve("gc-" + i + ".log");
                    withIts = mvn(true, "-Xlog:gc,gc+heap+exit:file=" + gc, "full-" + i);
                    require(withIts);
                    peak = Math.max(peak, peakHeapMiB(gc));
                } else {
                    without = mvn(false, null, "build-only-" + i);
                    require(without);
                }
            }
            full.add(withIts.nanos());
            buildOnly.add(without.nanos());
            suiteCost.add(withIts.nanos() - without.nanos());
            collectPhases(withIts, phases, shares, perStack);
        }
        checkInstalledArtifacts("after");

        String caseName = "examples/document-intake";
        results.context(SCENARIO, caseName, buildOnly);
        results.add(SCENARIO, caseName, full, buildOnly, "(none stated)", Optional.empty(), "");
        results.context(SCENARIO, caseName, suiteCost);
        for (Map.Entry<String, Samples> phase : phases.entrySet()) {
            List<Double> s = shares.get(phase.getKey());
            double medianShare = s.stream().sorted().toList().get((s.size() - 1) / 2);
            Samples labelled = relabel(
                    phase.getValue(),
                    phase.getKey() + " — " + String.format(Locale.ROOT, "%.1f", medianShare * 100) + " % of the wall");
            results.context(SCENARIO, caseName + ", phases of the full run", labelled);
        }
        results.value(
                SCENARIO,
                "peak heap of the document-intake test JVM",
                "failsafe's forked JVM, default heap: max heap-before-GC / used-at-exit over the full runs",
                peak,
                "MiB",
                "≤ 256 MiB",
                peak <= 256,
                "the test JVM's heap grew beyond 256 MiB; see benchmarks/target/e2e/gc-*.log");
        results.value(
                SCENARIO,
                "peak heap of the document-intake test JVM",
                "the warm-up run with -DargLine=-Xmx256m " + (warmPassed ? "passed" : "FAILED"),
                warmPeak,
                "MiB",
                "passes within 256 MiB",
                warmPassed && warmPeak <= 256,
                "mvn verify with -Xmx256m exited " + warm.exitCode() + "; see " + root.relativize(warm.log()));
        results.note("Scenario 7: wall time of `mvn -B -q -o verify -f examples/pom.xml -pl document-intake` run as a "
                + "child process (no clean: compilation is up to date in both candidates). Baseline: the same with "
                + "-DskipITs (the plugin skips provisioning too), so journey suite cost = full − build only, ratio = "
                + "full / build only. Each full run writes two run reports: the plugin's, in the Maven JVM (target = "
                + "starting its own moto, provision/teardown of the document-intake stack; its `tests` phase is the "
                + "whole failsafe execution, including forking the test JVM), and the test JVM's (target = "
                + "attaching to the plugin's emulator, provision/teardown = BrokenSystemIT's two stacks, `tests` = "
                + "the ITs). Shares are of each run's wall time (median over runs); the test JVM's phases lie inside "
                + "the plugin's `tests`, so the shares do not add up to 100 %. BrokenSystemIT's two tests each wait "
                + "their full 3 s PATIENCE for a message that must not arrive: ≈ 6 s of the test JVM's `tests` phase "
                + "is that deliberate waiting (plus the journeys' 2 s QUIET windows where they check that nothing "
                + "else arrives).");
        results.note("Scenario 7: per stack, from the run reports (median ms over " + full.n() + " full runs): "
                + perStack.entrySet().stream()
                        .map(e -> e.getKey() + " " + Results.format(e.getValue().medianMillis()))
                        .collect(Collectors.joining("; "))
                + ".");
    }

    private static Samples relabel(Samples samples, String candidate) {
        Samples copy = new Samples(candidate);
        samples.nanos().forEach(copy::add);
        return copy;
    }

    private void require(MavenRun run) {
        if (run.exitCode() != 0) {
            throw new IllegalStateException(
                    "mvn verify exited " + run.exitCode() + "; see " + root.relativize(run.log()));
        }
    }

    /** {@code mvn -B -q -o verify} of the example, with its ITs (and {@code argLine}) or {@code -DskipITs}. */
    private MavenRun mvn(boolean withIts, String argLine, String name) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "mvn",
                "-B",
                "-q",
                "-o",
                "verify",
                "-f",
                "examples/pom.xml",
                "-pl",
                "document-intake",
                "-Dspotless.check.skip=true"));
        if (withIts) {
            command.add("-DargLine=" + argLine);
        } else {
            command.add("-DskipITs");
        }
        Path log = logs.resolve("mvn-" + name + ".log");
        Set<Path> before = runReports();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("mvn verify did not end within " + MAVEN_TIMEOUT_SECONDS + " s: " + log);
        }
        long elapsed = System.nanoTime() - start;
        List<JsonNode> written = new ArrayList<>();
        Set<Path> after = runReports();
        after.removeAll(before);
        for (Path report : after) {
            written.add(MAPPER.readTree(report.toFile()));
        }
        written.sort(Comparator.comparing(r -> Instant.parse(r.path("startedAt").asText())));
        return new MavenRun(elapsed, process.exitValue(), written, log);
    }

    private Set<Path> runReports() throws IOException {
        if (!Files.isDirectory(reports)) {
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(p -> p.getFileName().toString().matches("run-.*\\.json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * The phases of one full run, as shares of its wall time. The first run report (earliest start) is the plugin's
     * in the Maven JVM: its {@code tests} phase is the whole failsafe execution between the provision and teardown
     * goals. The second is the test JVM's. What neither covers is Maven itself (start, compile, package, forking).
     */
    private static void collectPhases(
            MavenRun run,
            Map<String, Samples> phases,
            Map<String, List<Double>> shares,
            Map<String, Samples> perStack) {
        if (run.runReports().size() != 2) {
            throw new IllegalStateException("expected 2 run reports (plugin, test JVM), found "
                    + run.runReports().size() + " after " + run.log());
        }
        double wallMillis = run.nanos() / 1e6;
        JsonNode plugin = run.runReports().get(0);
        JsonNode tests = run.runReports().get(1);
        long pluginSpan = spanMillis(plugin);
        add(
                phases,
                shares,
                "Maven outside the plugin's run (start, compile, package)",
                wallMillis - pluginSpan,
                wallMillis);
        for (String phase : List.of("target", "provision", "package", "tests", "teardown")) {
            JsonNode value = plugin.path("phases").path(phase);
            if (!value.isMissingNode()) {
                String label = phase.equals("tests")
                        ? "Maven JVM (plugin) run: tests = failsafe incl. the test JVM"
                        : "Maven JVM (plugin) run: " + phase;
                add(phases, shares, label, value.asDouble(), wallMillis);
            }
        }
        for (String phase : List.of("target", "provision", "package", "tests", "teardown")) {
            JsonNode value = tests.path("phases").path(phase);
            if (!value.isMissingNode()) {
                add(phases, shares, "test JVM run: " + phase, value.asDouble(), wallMillis);
            }
        }
        for (JsonNode report : run.runReports()) {
            for (JsonNode stack : report.path("stacks")) {
                String id = stack.path("id").asText();
                perStack.computeIfAbsent(id + " provision", k -> new Samples(k))
                        .add(stack.path("provisionMillis").asLong() * 1_000_000L);
                perStack.computeIfAbsent(id + " teardown", k -> new Samples(k))
                        .add(stack.path("teardownMillis").asLong() * 1_000_000L);
            }
        }
    }

    private static void add(
            Map<String, Samples> phases, Map<String, List<Double>> shares, String label, double millis, double wall) {
        phases.computeIfAbsent(label, Samples::new).add((long) (millis * 1_000_000L));
        shares.computeIfAbsent(label, k -> new ArrayList<>()).add(millis / wall);
    }

    private static long spanMillis(JsonNode report) {
        return Instant.parse(report.path("finishedAt").asText()).toEpochMilli()
                - Instant.parse(report.path("startedAt").asText()).toEpochMilli();
    }

    /** The largest heap-before-GC of a {@code -Xlog:gc} file (e.g. {@code 24M->8M(256M)}), or the heap used at exit. */
    static double peakHeapMiB(Path gcLog) throws IOException {
        if (!Files.exists(gcLog)) {
            throw new IllegalStateException(
                    "no GC log at " + gcLog + ": failsafe did not pass -DargLine to the test JVM");
        }
        double peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher before = BEFORE_GC.matcher(line);
            while (before.find()) {
                double value = Double.parseDouble(before.group(1));
                peak = Math.max(
                        peak,
                        switch (before.group(2)) {
                            case "K" -> value / 1024;
                            case "G" -> value * 1024;
                            default -> value;
                        });
            }
            Matcher used = USED_AT_EXIT.matcher(line);
            if (used.find()) {
                peak = Math.max(peak, Double.parseDouble(used.group(1)) / 1024);
            }
        }
        return peak;
    }

    /** Notes whether ~/.m2 holds this checkout's jars: other checkouts share it and may install theirs meanwhile. */
    private void checkInstalledArtifacts(String when) throws IOException {
        Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository", "dev", "cloudtest");
        List<String> differing = new ArrayList<>();
        for (String artifact : ARTIFACTS) {
            Path module = root.resolve(artifact).resolve("target");
            Optional<Path> built;
            try (Stream<Path> files = Files.list(module)) {
                built = files.filter(p -> {
                            String n = p.getFileName().toString();
                            return n.startsWith(artifact + "-")
                                    && n.endsWith(".jar")
                                    && !n.endsWith("-sources.jar")
                                    && !n.endsWith("-javadoc.jar");
                        })
                        .findFirst();
            }
            if (built.isEmpty()) {
                differing.add(artifact + " (not built here)");
                continue;
            }
            String file = built.get().getFileName().toString();
            String version = file.substring(artifact.length() + 1, file.length() - ".jar".length());
            Path installed = repository.resolve(artifact).resolve(version).resolve(file);
            if (!Files.exists(installed) || !sha256(installed).equals(sha256(built.get()))) {
                differing.add(artifact);
            }
        }
        if (!differing.isEmpty()) {
            results.note("Scenario 7: " + when + " the Maven runs, ~/.m2 did not hold this checkout's jars of "
                    + differing + " (another checkout installed its own, or the install step did not run); the "
                    + "example may have been built against them.");
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
