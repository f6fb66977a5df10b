package dev.cloudtest.benchmarks;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.lint.TemplateTools;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.internal.sam.SamTranslator;
import dev.cloudtest.core.internal.toolchain.ToolHelper;
import dev.cloudtest.core.internal.toolchain.Toolchain;
import dev.cloudtest.core.internal.toolchain.Toolchains;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scenario 9: the emulator toolchain and the fidelity check.
 *
 * <ul>
 *   <li>Toolchain: installing it into a fresh cache (once; {@code bench.toolchainInstall=false} skips it) and finding
 *       it installed, as every later run does.
 *   <li>Lint of each example template, interleaved: <b>cold</b> (a new helper process: Python start, imports, lint),
 *       <b>warm</b> (the run's helper already up, a template it has not seen), <b>cached</b> (an unchanged template: a
 *       new run reads the cached result). Baseline: what one would do by hand, a {@code cfn-lint} process per
 *       template.
 *   <li>Overhead on provisioning: each example template provisioned with the check on (cached, as on every run after
 *       the first) and off, interleaved, as the examples' runs do it (local functions included); teardown is not
 *       timed.
 *   <li>SAM end to end: the SAM example provisioned as written (expansion cached) against its hand-expanded twin, the
 *       translator's output saved as a plain CloudFormation template beside it, interleaved, check on for both.
 * </ul>
 */
final class FidelityScenario {
    private static final String SCENARIO = "9 Fidelity check";
    private static final List<String> EXAMPLES = List.of(
            "examples/order-pipeline/src/main/cloudformation/order-pipeline.yaml",
            "examples/document-intake/src/main/cloudformation/document-intake.yaml",
            "examples/stock-updates/template.yaml");
    private static final String SAM_EXAMPLE = "examples/stock-updates/template.yaml";

    private final URI moto;
    private final Path root;
    private final Results results;
    private final Settings settings;

    FidelityScenario(URI moto, Path root, Results results, Settings settings) {
        this.moto = moto;
        this.root = root;
        this.results = results;
        this.settings = settings;
    }

    void run() throws Exception {
        if (settings.toolchainInstall()) {
            toolchain();
        }
        Toolchain tools = Toolchains.templateTools(config("lint-" + RunIds.random(), Map.of()));
        for (String example : EXAMPLES) {
            lint(tools, root.resolve(example));
        }
        expansion(tools, root.resolve(SAM_EXAMPLE));
        for (String example : EXAMPLES) {
            overhead(root.resolve(example));
        }
        handExpanded(tools, root.resolve(SAM_EXAMPLE));
    }

    private void toolchain() throws IOException {
        Path cache = Files.createTempDirectory("cloudtest-bench-toolchain");
        try {
            CloudTestConfig config =
                    config("toolchain-" + RunIds.random(), Map.of(CloudTestConfig.TOOLCHAIN_CACHE, cache.toString()));
            long started = System.nanoTime();
            Toolchains.cached(config);
            double seconds = (System.nanoTime() - started) / 1e9;
            results.value(
                    SCENARIO,
                    "toolchain",
                    "install into a fresh cache (pip; its download cache as this machine has it)",
                    seconds,
                    "s",
                    "once per machine",
                    true,
                    "");
            Samples reuse = new Samples("find it installed (every later run)");
            for (int i = 0; i < 20; i++) {
                Stopwatch.time(i < 5 ? null : reuse, () -> Toolchains.cached(config));
            }
            results.context(SCENARIO, "toolchain", reuse);
        } finally {
            delete(cache);
        }
    }

    private void lint(Toolchain tools, Path template) throws Exception {
        String name = template.getFileName().toString();
        String text = Files.readString(template, StandardCharsets.UTF_8);
        Path work = Files.createTempDirectory("cloudtest-bench-lint");
        Samples cold = new Samples("cold (new helper process)");
        Samples warm = new Samples("warm (helper up, template not seen)");
        Samples cached = new Samples("cached (unchanged template, new run)");
        Samples cli = new Samples("cfn-lint process per template");
        String region = HandWritten.REGION;
        Path cachedCopy = work.resolve("cached/" + name);
        Files.createDirectories(cachedCopy.getParent());
        Files.writeString(cachedCopy, text, StandardCharsets.UTF_8);
        new TemplateTools(tools, work.resolve("cache")).lint(cachedCopy, work, region);
        List<String> kinds = List.of("cold", "warm", "cached", "cli");
        try {
            for (int round = 0; round < settings.warmup() + settings.lintReps(); round++) {
                boolean measured = round >= settings.warmup();
                for (String kind : Rounds.rotated(kinds, round)) {
                    Path copy = unique(work, name, text);
                    switch (kind) {
                        case "cold" -> {
                            ToolHelper.of(tools).stop();
                            TemplateTools fresh = new TemplateTools(tools, work.resolve("cache-" + UUID.randomUUID()));
                            Stopwatch.time(measured ? cold : null, () -> fresh.lint(copy, work, region));
                        }
                        case "warm" -> {
                            ToolHelper.of(tools).call("ping", Map.of());
                            TemplateTools fresh = new TemplateTools(tools, work.resolve("cache-" + UUID.randomUUID()));
                            Stopwatch.time(measured ? warm : null, () -> fresh.lint(copy, work, region));
                        }
                        case "cached" -> {
                            TemplateTools next = new TemplateTools(tools, work.resolve("cache"));
                            Stopwatch.time(measured ? cached : null, () -> next.lint(cachedCopy, work, region));
                        }
                        default -> Stopwatch.time(measured ? cli : null, () -> cfnLintProcess(tools, copy));
                    }
                }
            }
        } finally {
            delete(work);
        }
        String caseName = "lint " + name;
        results.add(SCENARIO, caseName, cached, cli, "≤ 50 ms", Optional.of(cached.medianMillis() <= 50), "over 50 ms");
        results.add(SCENARIO, caseName, warm, cli, "≤ 1 s", Optional.of(warm.medianMillis() <= 1000), "over 1 s");
        results.add(SCENARIO, caseName, cold, cli, "", Optional.empty(), "");
        results.context(SCENARIO, caseName, cli);
    }

    /**
     * SAM expansion of the SAM example, as {@code SamExpansion} hands it over (its local CodeUri already a placeholder
     * S3 location): cold (a new helper process), warm (helper up, content it has not seen), cached (unchanged content,
     * a new run reading the cache). No baseline process: the translator has no command line of its own.
     */
    private void expansion(Toolchain tools, Path template) throws Exception {
        String name = template.getFileName().toString();
        com.fasterxml.jackson.databind.node.ObjectNode json = dev.cloudtest.core.internal.template.Template.parse(
                        Files.readString(template, StandardCharsets.UTF_8), template.toString())
                .json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("Globals").path("Function"))
                .put("CodeUri", "s3://cloudtest-local-artifact/0");
        Path work = Files.createTempDirectory("cloudtest-bench-sam");
        Samples cold = new Samples("cold (new helper process)");
        Samples warm = new Samples("warm (helper up, template not seen)");
        Samples cached = new Samples("cached (unchanged template, new run)");
        Map<String, String> parameters = Map.of();
        new SamTranslator(tools, work)
                .expand(name, json, parameters, HandWritten.REGION, "123456789012", Optional.of(moto));
        try {
            for (int round = 0; round < settings.warmup() + settings.lintReps(); round++) {
                boolean measured = round >= settings.warmup();
                for (String kind : Rounds.rotated(List.of("cold", "warm", "cached"), round)) {
                    // cold and warm expand content no cache has seen, each into a cache directory of its own;
                    // cached expands the same content again into the shared one
                    com.fasterxml.jackson.databind.node.ObjectNode input = json;
                    Path cache = work;
                    Samples samples = cached;
                    if (!kind.equals("cached")) {
                        input = json.deepCopy();
                        input.put("Description", "bench " + UUID.randomUUID());
                        cache = work.resolve(kind.charAt(0) + "-" + UUID.randomUUID());
                        samples = kind.equals("cold") ? cold : warm;
                        if (kind.equals("cold")) {
                            ToolHelper.of(tools).stop();
                        } else {
                            ToolHelper.of(tools).call("ping", Map.of());
                        }
                    }
                    SamTranslator translator = new SamTranslator(tools, cache);
                    com.fasterxml.jackson.databind.node.ObjectNode expanded = input;
                    Stopwatch.time(
                            measured ? samples : null,
                            () -> translator.expand(
                                    name, expanded, parameters, HandWritten.REGION, "123456789012", Optional.of(moto)));
                }
            }
        } finally {
            delete(work);
        }
        String caseName = "SAM expansion " + name;
        results.add(
                SCENARIO, caseName, cached, warm, "≤ 50 ms", Optional.of(cached.medianMillis() <= 50), "over 50 ms");
        results.add(SCENARIO, caseName, warm, cold, "", Optional.empty(), "");
        results.context(SCENARIO, caseName, cold);
    }

    private void overhead(Path template) {
        String name = template.getFileName().toString();
        Samples on = new Samples("provision, check on (cached)");
        Samples off = new Samples("provision, cloudtest.lint=off");
        try (CloudTestRun checked = CloudTestRun.start(config("lint-on-" + RunIds.random(), Map.of()));
                CloudTestRun unchecked = CloudTestRun.start(
                        config("lint-off-" + RunIds.random(), Map.of(CloudTestConfig.LINT, "off")))) {
            StackSpec spec =
                    StackSpec.builder().id("fidelity").template(template).build();
            List<String> sides = List.of("on", "off");
            for (int round = 0; round < settings.warmup() + settings.lintReps(); round++) {
                boolean measured = round >= settings.warmup();
                for (String side : Rounds.rotated(sides, round)) {
                    CloudTestRun run = side.equals("on") ? checked : unchecked;
                    Stack stack =
                            Stopwatch.time(measured ? (side.equals("on") ? on : off) : null, () -> run.provision(spec));
                    run.teardown(stack);
                }
            }
        }
        results.add(SCENARIO, "provision " + name, on, off, "", Optional.empty(), "");
        results.context(SCENARIO, "provision " + name, off);
    }

    /**
     * The SAM example as written against its hand-expanded twin: what the translator emits, with the function code's
     * placeholder location turned back into the template's local {@code CodeUri}, saved beside the template (so that
     * relative paths mean the same) as plain CloudFormation. Both provisioned with the check on, interleaved.
     */
    private void handExpanded(Toolchain tools, Path template) throws Exception {
        String name = template.getFileName().toString();
        com.fasterxml.jackson.databind.node.ObjectNode json = dev.cloudtest.core.internal.template.Template.parse(
                        Files.readString(template, StandardCharsets.UTF_8), template.toString())
                .json();
        com.fasterxml.jackson.databind.node.ObjectNode globals = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.path("Globals").path("Function");
        String codeUri = globals.path("CodeUri").asText();
        globals.put("CodeUri", "s3://cloudtest-local-artifact/0");
        Path work = Files.createTempDirectory("cloudtest-bench-twin");
        Path twin = template.resolveSibling(".bench-hand-expanded-" + UUID.randomUUID() + ".json");
        try {
            com.fasterxml.jackson.databind.node.ObjectNode expanded = new SamTranslator(tools, work)
                    .expand(name, json, Map.of(), HandWritten.REGION, "123456789012", Optional.of(moto));
            expanded.path("Resources").forEach(resource -> {
                if (resource.path("Type").asText().equals("AWS::Lambda::Function")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) resource.path("Properties")).put("Code", codeUri);
                }
            });
            Files.writeString(twin, expanded.toPrettyString(), StandardCharsets.UTF_8);
            Samples sam = new Samples("SAM as written (expansion cached)");
            Samples plain = new Samples("hand-expanded twin (plain CloudFormation)");
            try (CloudTestRun run = CloudTestRun.start(config("sam-twin-" + RunIds.random(), Map.of()))) {
                StackSpec asWritten =
                        StackSpec.builder().id("sam").template(template).build();
                StackSpec expandedTwin =
                        StackSpec.builder().id("twin").template(twin).build();
                for (int round = 0; round < settings.warmup() + settings.lintReps(); round++) {
                    boolean measured = round >= settings.warmup();
                    for (String side : Rounds.rotated(List.of("sam", "twin"), round)) {
                        boolean isSam = side.equals("sam");
                        Stack stack = Stopwatch.time(
                                measured ? (isSam ? sam : plain) : null,
                                () -> run.provision(isSam ? asWritten : expandedTwin));
                        run.teardown(stack);
                    }
                }
            }
            results.add(SCENARIO, "SAM end to end " + name, sam, plain, "", Optional.empty(), "");
            results.context(SCENARIO, "SAM end to end " + name, plain);
        } finally {
            Files.deleteIfExists(twin);
            delete(work);
        }
    }

    private CloudTestConfig config(String runId, Map<dev.cloudtest.core.ConfigKey, String> extra) {
        CloudTestConfig.Builder builder = CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.ENDPOINT, moto.toString())
                .set(CloudTestConfig.REGION, HandWritten.REGION)
                .set(CloudTestConfig.RUN_ID, runId)
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-bench");
        extra.forEach(builder::set);
        return builder.build();
    }

    /** A copy whose content no cache has seen (a trailing comment), beside the original's relative paths. */
    private static Path unique(Path work, String name, String text) throws IOException {
        Path copy = work.resolve(UUID.randomUUID() + "/" + name);
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, text + "\n# " + UUID.randomUUID() + "\n", StandardCharsets.UTF_8);
        return copy;
    }

    private static int cfnLintProcess(Toolchain tools, Path template) throws Exception {
        Process process = new ProcessBuilder(
                        tools.python().toString(),
                        "-c",
                        "import sys; from cfnlint.runner import main; sys.argv[0] = 'cfn-lint'; main()",
                        "--format",
                        "json",
                        "--regions",
                        HandWritten.REGION,
                        "--",
                        template.toString())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("cfn-lint did not finish within 2 minutes");
        }
        return process.exitValue();
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
