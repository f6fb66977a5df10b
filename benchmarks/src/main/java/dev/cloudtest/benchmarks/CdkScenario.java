package dev.cloudtest.benchmarks;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.cdk.CdkSynth;
import dev.cloudtest.core.internal.naming.RunIds;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Scenario 11: what synthesising a CDK app costs on top of provisioning its stack. The CDK example ({@code
 * examples/quote-requests}, built first, untimed) provisioned two ways, interleaved in one run:
 *
 * <ul>
 *   <li><b>synth + provision</b>: what {@code @CloudStack(cdkApp = ...)} does in each test JVM — the app synthesised
 *       into a fresh directory (a new JVM running the app's main class, jsii and Node.js, as on every test JVM's
 *       first use), then the stack of that assembly provisioned;
 *   <li><b>the synthesised template directly</b> (the baseline): the cloud assembly of the same app synthesised once
 *       before the rounds — the {@code cdk.out} a team has after {@code cdk synth} — provisioned as {@code
 *       template(cdk.out).cdkStack(...)}: the same template, assets, local function and checks, without synthesis.
 * </ul>
 *
 * Both include packaging the function's jar asset and starting its local function, as the example's run does;
 * teardown is not timed. The synthesis alone is reported beside.
 */
final class CdkScenario {
    private static final String SCENARIO = "11 CDK app";
    private static final String APP = "dev.cloudtest.examples.quotes.QuotesApp";
    private static final String STACK = "QuotesStack";
    private static final String EXAMPLE = "examples/quote-requests";
    private static final long MAVEN_TIMEOUT_SECONDS = 600;

    private final URI moto;
    private final Path root;
    private final Results results;
    private final Settings settings;

    CdkScenario(URI moto, Path root, Results results, Settings settings) {
        this.moto = moto;
        this.root = root;
        this.results = results;
        this.settings = settings;
    }

    void run() throws IOException, InterruptedException {
        Path example = root.resolve(EXAMPLE);
        Path work = root.resolve("benchmarks/target/cdk");
        deleteTree(work);
        Files.createDirectories(work);
        List<String> classpath = buildExample(work);

        Path synthesised = CdkSynth.assembly(APP, classpath, work.resolve("synthesised-once"), example);
        Samples fromApp = new Samples("synth + provision (a fresh synthesis, as each test JVM does)");
        Samples synthesis = new Samples("synthesis alone (part of synth + provision)");
        Samples direct = new Samples("provision the synthesised template directly (cdk.out of the same app)");
        try (CloudTestRun run = CloudTestRun.start(Benchmarks.config(moto, "cdk-" + RunIds.random()))) {
            for (int round = 0; round < settings.warmup() + settings.cdkReps(); round++) {
                boolean measured = round >= settings.warmup();
                for (String side : Rounds.rotated(List.of("app", "direct"), round)) {
                    Stack stack;
                    if (side.equals("app")) {
                        // A directory of its own per round: CdkSynth synthesises once per directory and JVM.
                        Path fresh = work.resolve("round-" + round);
                        stack = Stopwatch.time(measured ? fromApp : null, () -> {
                            Path assembly = Stopwatch.time(
                                    measured ? synthesis : null,
                                    () -> CdkSynth.assembly(APP, classpath, fresh, example));
                            return run.provision(spec(assembly));
                        });
                    } else {
                        stack = Stopwatch.time(measured ? direct : null, () -> run.provision(spec(synthesised)));
                    }
                    if (stack.output("QuoteRequestsTopicArn").isBlank()
                            || !stack.resourceTypes().containsValue("AWS::Lambda::Function")) {
                        throw new IllegalStateException(stack.name() + " lacks the example's topic or function");
                    }
                    run.teardown(stack);
                }
            }
        }
        results.add(SCENARIO, "provision QuotesStack (" + EXAMPLE + ")", fromApp, direct, "", Optional.empty(), "");
        results.context(SCENARIO, "provision QuotesStack (" + EXAMPLE + ")", direct);
        results.context(SCENARIO, "synthesise QuotesApp", synthesis);
        results.value(
                SCENARIO,
                "synthesis share of synth + provision",
                "synthesis median / synth + provision median",
                100.0 * synthesis.medianMillis() / fromApp.medianMillis(),
                "%",
                "",
                true,
                "");
        results.note("Scenario 11: the app is `" + APP + "` of `" + EXAMPLE + "` (aws-cdk-lib, jsii on Node.js "
                + nodeVersion() + "), built with `mvn package` before the rounds (untimed). Each synthesis starts a "
                + "JVM for the app's main class, which starts Node.js for jsii: no cache makes a second synthesis "
                + "cheaper, so each test JVM pays it once (`@CloudStack(cdkApp)`), and the Maven plugin once per "
                + "build.");
    }

    private static StackSpec spec(Path assembly) {
        return StackSpec.builder()
                .id("quotes-stack")
                .template(assembly)
                .cdkStack(STACK)
                .build();
    }

    /** Packages the example (its function jar) and returns the app's classpath: its classes and dependencies. */
    private List<String> buildExample(Path work) throws IOException, InterruptedException {
        Path classpathFile = work.resolve("quote-requests-classpath.txt");
        Path log = work.resolve("mvn-package.log");
        List<String> command = List.of(
                "mvn",
                "-B",
                "-q",
                "-o",
                "package",
                "-f",
                "examples/pom.xml",
                "-pl",
                "quote-requests",
                "-DskipTests",
                "-Dspotless.check.skip=true",
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath",
                "-Dmdep.includeScope=runtime",
                "-Dmdep.outputFile=" + classpathFile);
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IllegalStateException("mvn package of " + EXAMPLE + " did not end in time: " + log);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("mvn package of " + EXAMPLE + " exited " + process.exitValue()
                    + " (run scripts/benchmark.sh, which installs cloudtest first); see " + log);
        }
        List<String> classpath = new ArrayList<>();
        classpath.add(root.resolve(EXAMPLE).resolve("target/classes").toString());
        classpath.addAll(List.of(Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)));
        return classpath;
    }

    private static String nodeVersion() {
        try {
            Process node = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(node.getInputStream().readAllBytes()).trim();
            node.waitFor(10, TimeUnit.SECONDS);
            return version;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
