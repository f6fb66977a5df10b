package dev.cloudtest.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collects the rows of one benchmark run and writes them as {@code RESULTS.md}. */
final class Results {
    private static final Logger LOG = LoggerFactory.getLogger(Results.class);

    /** One line of the summary table. {@code met} is empty for rows without a target (baselines, context). */
    record Row(
            String scenario,
            String caseName,
            String candidate,
            int n,
            double median,
            double p95,
            String comparedTo,
            double ratio,
            String target,
            Optional<Boolean> met,
            String cause) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Instant started = Instant.now();
    private final String loadAtStart = loadAverage();

    /** A candidate measured against a baseline, with a target that is met or not. */
    synchronized void add(
            String scenario,
            String caseName,
            Samples candidate,
            Samples baseline,
            String target,
            Optional<Boolean> met,
            String cause) {
        double ratio = baseline == null ? Double.NaN : candidate.medianMillis() / baseline.medianMillis();
        rows.add(new Row(
                scenario,
                caseName,
                candidate.candidate(),
                candidate.n(),
                candidate.medianMillis(),
                candidate.p95Millis(),
                baseline == null ? "" : baseline.candidate(),
                ratio,
                target,
                met,
                met.orElse(true) ? "" : cause));
        LOG.info(
                "{} {} {}: n={} median={} ms p95={} ms{}",
                scenario,
                caseName,
                candidate.candidate(),
                candidate.n(),
                format(candidate.medianMillis()),
                format(candidate.p95Millis()),
                baseline == null ? "" : " (x" + format(ratio) + " " + baseline.candidate() + ")");
    }

    /** A row without a target: a baseline, or context such as moto's own scaling. */
    void context(String scenario, String caseName, Samples samples) {
        add(scenario, caseName, samples, null, "", Optional.empty(), "");
    }

    /** A single measured value that is not a latency (e.g. peak heap), shown in the median column. */
    synchronized void value(
            String scenario,
            String caseName,
            String candidate,
            double value,
            String unit,
            String target,
            boolean met,
            String cause) {
        rows.add(new Row(
                scenario,
                caseName,
                candidate + " (" + unit + ")",
                1,
                value,
                Double.NaN,
                "",
                Double.NaN,
                target,
                target.isEmpty() ? Optional.empty() : Optional.of(met),
                met ? "" : cause));
        LOG.info("{} {} {}: {} {}", scenario, caseName, candidate, format(value), unit);
    }

    /** A scenario that was not measured, and why. */
    synchronized void notMeasured(String scenario, String reason) {
        rows.add(new Row(
                scenario,
                "—",
                "—",
                0,
                Double.NaN,
                Double.NaN,
                "",
                Double.NaN,
                "",
                Optional.empty(),
                "not measured: " + reason));
        LOG.info("{}: not measured: {}", scenario, reason);
    }

    /** A finding worth reading next to the numbers. */
    synchronized void note(String text) {
        notes.add(text);
        LOG.info("note: {}", text);
    }

    /** Writes the report: machine, method, summary table, notes. */
    void write(Path file, String endpoint, String motoVersion, String settings) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# cloudtest benchmark results\n\n");
        md.append(
                        "Produced by `scripts/benchmark.sh` (see `benchmarks/README.md`). Every number below comes from one run ")
                .append("on the machine described here; compare **ratios** measured in the same run, not absolute ")
                .append("milliseconds across machines.\n\n");
        md.append("## Machine and run\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| Date (UTC) | ")
                .append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(" → ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" |\n");
        md.append("| CPU | ").append(cpuModel()).append(" |\n");
        md.append("| nproc | ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" |\n");
        md.append("| Memory | ").append(memory()).append(" |\n");
        md.append("| Load average (1/5/15 min) at start / end | ")
                .append(loadAtStart)
                .append(" / ")
                .append(loadAverage())
                .append(" |\n");
        md.append("| JVM | ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append(" (")
                .append(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X"))
                        .findFirst()
                        .orElse("default heap"))
                .append(") |\n");
        md.append("| Emulator | moto server ")
                .append(motoVersion)
                .append(" at ")
                .append(endpoint)
                .append(" (loopback; the same endpoint for every candidate) |\n");
        md.append("| Settings | ").append(settings).append(" |\n\n");
        md.append("**Noise.** The machine has 2 cores shared by moto (Python), the benchmark JVM and other work that ")
                .append("ran concurrently (see the load average). Candidates are interleaved round by round so that ")
                .append(
                        "noise spreads over all of them; p95 with small n is the largest or second-largest sample.\n\n");

        md.append("## Summary\n\n");
        md.append("Ratio = candidate median / baseline median, both from this run. p95 by nearest rank.\n\n");
        md.append("| Scenario | Case | Candidate | n | median ms | p95 ms | Ratio (vs) | Target | Verdict |\n");
        md.append("|---|---|---|---:|---:|---:|---|---|---|\n");
        // Scenario order (stable; 1 and 2 stay interleaved as measured): 7 runs first, next to the install.
        List<Row> ordered = new ArrayList<>(rows);
        ordered.sort(java.util.Comparator.comparingInt(Results::group));
        for (Row row : ordered) {
            String verdict = row.cause().startsWith("not measured")
                    ? row.cause()
                    : row.met()
                            .map(m -> m ? "**met**" : "**not met** — " + row.cause())
                            .orElse("—");
            md.append("| ")
                    .append(row.scenario())
                    .append(" | ")
                    .append(row.caseName())
                    .append(" | ")
                    .append(row.candidate())
                    .append(" | ")
                    .append(row.n() == 0 ? "" : String.valueOf(row.n()))
                    .append(" | ")
                    .append(format(row.median()))
                    .append(" | ")
                    .append(format(row.p95()))
                    .append(" | ")
                    .append(row.comparedTo().isEmpty() ? "" : "×" + format(row.ratio()) + " (" + row.comparedTo() + ")")
                    .append(" | ")
                    .append(row.target())
                    .append(" | ")
                    .append(verdict)
                    .append(" |\n");
        }
        md.append("\n## Findings\n\n");
        for (String note : notes) {
            md.append("- ").append(note).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
        LOG.info("wrote {}", file.toAbsolutePath());
    }

    private static int group(Row row) {
        String digits = row.scenario().replaceAll("^(\\d+).*", "$1");
        int number = digits.matches("\\d+") ? Integer.parseInt(digits) : Integer.MAX_VALUE;
        return number == 2 ? 1 : number;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String cpuModel() {
        return firstLine(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    }

    private static String memory() {
        return firstLine(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> {
                    long kib = Long.parseLong(kb.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
                })
                .orElse("unknown");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Optional<String> firstLine(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
