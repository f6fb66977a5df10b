package dev.cloudtest.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.lambda.FunctionHostMain;
import dev.cloudtest.core.internal.lambda.FunctionProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Scenario 8: local functions ({@code run.localFunction}) on moto, with {@link EchoHandler} and the template of
 * {@link Templates#localFunction()}.
 *
 * <ul>
 *   <li><b>Cold start</b>: each provision starts the function's JVM eagerly ({@code StackFunctions.start}), so the
 *       first {@code invoke} after provision is not cold. Measured per provision: {@code FunctionProcess
 *       .lastColdStart()} (process start → the host's {@code ready} line: JVM boot, host and Jackson init, handler
 *       class load and constructor) plus the first invoke's round trip (first-call class loading and interpretation
 *       in both JVMs). Baseline, interleaved: {@link JvmStartProbe} started with the same {@code java}, flags and
 *       classpath (process start → its one line).
 *   <li><b>Warm invoke</b>: {@code invoke} round trip in the benchmark JVM vs the handler's own {@code nanoTime}
 *       duration; overhead = round trip − handler time, per sample.
 *   <li><b>SQS → handler start</b>: wall clock just before {@code SendMessage} to the mapped queue → the handler's
 *       wall clock at entry (a file per message). Baseline, interleaved: SendMessage to a plain queue + the
 *       hand-written long-poll ReceiveMessage loop of scenario 5 in the benchmark JVM.
 * </ul>
 */
final class LocalFunctionScenario {
    private static final String SCENARIO = "8 Local functions";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CloudTestRun run;
    private final HandWritten raw;
    private final Results results;
    private final Settings settings;
    private final Path markDir;

    LocalFunctionScenario(CloudTestRun run, HandWritten raw, Results results, Settings settings) throws IOException {
        this.run = run;
        this.raw = raw;
        this.results = results;
        this.settings = settings;
        this.markDir = Files.createTempDirectory("cloudtest-bench-marks");
    }

    void run() throws Exception {
        try {
            Stack stack = coldStarts();
            try {
                warmInvokes(stack);
                routedInvokes(stack);
                sqsLatency(stack);
            } finally {
                run.teardown(stack);
            }
        } finally {
            try (Stream<Path> files = Files.walk(markDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private StackSpec spec() {
        return StackSpec.builder()
                .id("local")
                .templateBody(Templates.localFunction())
                .parameter("MarkDir", markDir.toString())
                .build();
    }

    /** Returns the last provisioned stack, still up, for the warm and SQS measurements. */
    private Stack coldStarts() throws Exception {
        Samples ready = new Samples("host JVM ready (lastColdStart)");
        Samples firstInvoke = new Samples("first invoke after provision");
        Samples cold = new Samples("cold start = host JVM ready + first invoke");
        Samples bare = new Samples("bare JVM start, same java/flags/classpath (JvmStartProbe)");
        int rounds = settings.warmup() + settings.localColdStarts();
        Stack stack = null;
        for (int i = 0; i < rounds; i++) {
            boolean measured = i >= settings.warmup();
            if (stack != null) {
                run.teardown(stack);
            }
            // Interleaved, order rotated: a bare JVM start and a provision (which starts the function's JVM).
            if (i % 2 == 0) {
                bareStart(measured ? bare : null);
            }
            stack = run.provision(spec());
            FunctionProcess echo = (FunctionProcess) run.localFunction(stack, "Echo");
            long readyNanos = echo.lastColdStart().toNanos();
            long invokeNanos = timeNanos(() -> echo.invoke("{\"seq\": 0}"));
            if (i % 2 == 1) {
                bareStart(measured ? bare : null);
            }
            if (measured) {
                ready.add(readyNanos);
                firstInvoke.add(invokeNanos);
                cold.add(readyNanos + invokeNanos);
            }
        }
        results.context(SCENARIO, "cold start", bare);
        results.add(SCENARIO, "cold start", ready, bare, "", Optional.empty(), "");
        results.context(SCENARIO, "cold start", firstInvoke);
        boolean met = cold.medianMillis() <= 1500;
        results.add(
                SCENARIO,
                "cold start",
                cold,
                bare,
                "≤ 1.5 s",
                Optional.of(met),
                "see the findings (a JVM start on 2 loaded cores)");
        results.note(String.format(
                java.util.Locale.ROOT,
                "Scenario 8 (cold start): what is timed per provision is FunctionProcess.lastColdStart() — from "
                        + "ProcessBuilder.start() of the function's JVM to its host's `ready` line (JVM boot, "
                        + "FunctionHostMain and Jackson init, handler class load and constructor), started eagerly "
                        + "by run.provision — plus the round trip of the first invoke after provision (first-call "
                        + "class loading in both JVMs). Medians: ready %s ms + first invoke %s ms; a bare JVM "
                        + "(JvmStartProbe, same java, flags and %d-entry classpath) prints its line after %s ms, so "
                        + "the host's own start costs ≈ %s ms over a plain JVM start (loading Jackson and the "
                        + "handler from the long test classpath).",
                Results.format(ready.medianMillis()),
                Results.format(firstInvoke.medianMillis()),
                System.getProperty("java.class.path").split(File.pathSeparator).length,
                Results.format(bare.medianMillis()),
                Results.format(cold.medianMillis() - bare.medianMillis())));
        return stack;
    }

    private void bareStart(Samples samples) throws Exception {
        String java = ProcessHandle.current()
                .info()
                .command()
                .filter(c -> c.endsWith("java"))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The classpath a local function gets (StackFunctions: the test JVM's, plus the host's location), in an
        // argument file as FunctionProcess passes it; its flags, with -Xmx of a 128 MB function.
        Set<String> entries = new LinkedHashSet<>(
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        entries.add(Path.of(FunctionHostMain.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()
                        .getPath())
                .toString());
        Path args = markDir.resolve("probe.args");
        Files.writeString(args, "-cp\n\"" + String.join(File.pathSeparator, entries) + "\"\n", StandardCharsets.UTF_8);
        List<String> command = List.of(
                java,
                "@" + args,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Xmx128m",
                JvmStartProbe.class.getName());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            long elapsed = System.nanoTime() - start;
            if (line == null || !line.contains("ready")) {
                throw new IllegalStateException("JvmStartProbe printed " + line);
            }
            if (samples != null) {
                samples.add(elapsed);
            }
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void warmInvokes(Stack stack) throws Exception {
        LocalFunction echo = run.localFunction(stack, "Echo");
        Samples roundTrip = new Samples("run.localFunction(…).invoke round trip");
        Samples handler = new Samples("handler's own time (nanoTime in EchoHandler)");
        Samples overhead = new Samples("overhead = round trip − handler's own time");
        int warmup = 20;
        for (int i = 0; i < warmup + settings.localInvokes(); i++) {
            String payload = "{\"seq\": " + i + "}";
            long start = System.nanoTime();
            String result = echo.invoke(payload);
            long elapsed = System.nanoTime() - start;
            JsonNode json = MAPPER.readTree(result);
            if (json.path("seq").asInt(-1) != i) {
                throw new IllegalStateException("unexpected result " + result);
            }
            if (i >= warmup) {
                long own = json.path("handlerNanos").asLong();
                roundTrip.add(elapsed);
                handler.add(own);
                overhead.add(elapsed - own);
            }
        }
        results.context(SCENARIO, "warm invoke", handler);
        results.add(SCENARIO, "warm invoke", roundTrip, handler, "", Optional.empty(), "");
        boolean met = overhead.medianMillis() <= 5;
        results.add(
                SCENARIO,
                "warm invoke",
                overhead,
                null,
                "≤ 5 ms over the handler's own time (median)",
                Optional.of(met),
                "see the findings");
        results.note(String.format(
                java.util.Locale.ROOT,
                "Scenario 8 (warm invoke): EchoHandler's own time is %.1f µs (median; p95 %.1f µs), so the round "
                        + "trip is almost all overhead: a JSON line each way over the child JVM's stdin/stdout, "
                        + "Jackson (de)serialisation of the event and the result in both JVMs, and the reader thread "
                        + "hand-off.",
                handler.medianMillis() * 1000,
                handler.p95Millis() * 1000));
    }

    /**
     * {@code LambdaClient.invoke} through cloudtest's loopback invoke router (the SDK call a test or handler makes)
     * against {@code LocalFunction.invoke}, in alternating blocks of {@link #BLOCK} calls (steady state of each path,
     * drift shared), and alternating call by call (each call after the other path: threads and caches cold, as for a
     * lone invocation in a test); both after {@code 2 × 1000} warm-up calls.
     */
    private void routedInvokes(Stack stack) throws Exception {
        LocalFunction echo = run.localFunction(stack, "Echo");
        var lambda = run.session().client(software.amazon.awssdk.services.lambda.LambdaClient.class);
        String name = stack.physicalId("Echo");
        java.util.function.IntFunction<String> directCall = i -> echo.invoke("{\"seq\": " + i + "}");
        java.util.function.IntFunction<String> routedCall = i -> lambda.invoke(r -> r.functionName(name)
                        .payload(software.amazon.awssdk.core.SdkBytes.fromUtf8String("{\"seq\": " + i + "}")))
                .payload()
                .asUtf8String();
        Samples direct = new Samples("LocalFunction.invoke (direct), blocks of " + BLOCK);
        Samples routed = new Samples("LambdaClient.invoke through the invoke router, blocks of " + BLOCK);
        Samples directAlternating = new Samples("LocalFunction.invoke (direct), alternating call by call");
        Samples routedAlternating = new Samples("LambdaClient.invoke through the router, alternating call by call");
        // The SDK's request path and the JDK's HTTP server are fully compiled by the JIT only after ~1,000 calls.
        int warmup = 1000;
        int calls = warmup + settings.localInvokes();
        Samples directCold = new Samples("LocalFunction.invoke (direct), first 100 calls");
        Samples routedCold = new Samples("LambdaClient.invoke through the router, first 100 calls");
        for (int i = 0; i < 2 * calls; i++) {
            boolean routedTurn = (i / BLOCK) % 2 == 1;
            Samples into = i >= 2 * warmup
                    ? (routedTurn ? routed : direct)
                    : i < 200 ? (routedTurn ? routedCold : directCold) : null;
            timed(routedTurn ? routedCall : directCall, i, into);
        }
        for (int i = 0; i < 2 * calls; i++) {
            boolean measured = i >= 2 * warmup;
            boolean routedTurn = i % 2 == 1;
            timed(
                    routedTurn ? routedCall : directCall,
                    i,
                    measured ? (routedTurn ? routedAlternating : directAlternating) : null);
        }
        results.context(SCENARIO, "Invoke through the router", direct);
        double overhead = routed.medianMillis() - direct.medianMillis();
        results.add(
                SCENARIO,
                "Invoke through the router",
                routed,
                direct,
                "≤ 5 ms over the direct invoke (median)",
                Optional.of(overhead <= 5),
                String.format(java.util.Locale.ROOT, "overhead %.2f ms", overhead));
        double alternatingOverhead = routedAlternating.medianMillis() - directAlternating.medianMillis();
        results.context(SCENARIO, "Invoke through the router, call by call", directAlternating);
        results.add(
                SCENARIO,
                "Invoke through the router, call by call",
                routedAlternating,
                directAlternating,
                "",
                Optional.empty(),
                String.format(java.util.Locale.ROOT, "overhead %.2f ms", alternatingOverhead));
        double coldOverhead = routedCold.medianMillis() - directCold.medianMillis();
        results.context(SCENARIO, "Invoke through the router, JIT cold", directCold);
        results.add(
                SCENARIO,
                "Invoke through the router, JIT cold",
                routedCold,
                directCold,
                "",
                Optional.empty(),
                String.format(java.util.Locale.ROOT, "overhead %.2f ms", coldOverhead));
        results.note(String.format(
                java.util.Locale.ROOT,
                "Scenario 8 (Invoke through the router): the SDK's LambdaClient.invoke, as a test or handler code calls "
                        + "it, goes to cloudtest's loopback router (the session routes LambdaClient there on an "
                        + "emulator), which hands it to the same local function. After %d warm-up calls of each, in "
                        + "alternating blocks of %d calls, the medians are %.2f ms routed vs %.2f ms direct: the "
                        + "router and the SDK's request path (signing, HTTP over loopback) add %.2f ms; alternating "
                        + "call by call, %.2f ms. The first 100 calls of each, before the JIT has compiled the SDK's "
                        + "and the HTTP server's paths, add %.2f ms (%.2f vs %.2f ms): a test that invokes a few "
                        + "times sees that figure. An earlier version of this benchmark, with 20 warm-up calls, "
                        + "measured that cold figure as the overhead.",
                warmup,
                BLOCK,
                routed.medianMillis(),
                direct.medianMillis(),
                overhead,
                alternatingOverhead,
                coldOverhead,
                routedCold.medianMillis(),
                directCold.medianMillis()));
    }

    private static final int BLOCK = 10;

    private static void timed(java.util.function.IntFunction<String> call, int seq, Samples into) throws Exception {
        long start = System.nanoTime();
        String result = call.apply(seq);
        long elapsed = System.nanoTime() - start;
        if (MAPPER.readTree(result).path("seq").asInt(-1) != seq) {
            throw new IllegalStateException("unexpected result " + result);
        }
        if (into != null) {
            into.add(elapsed);
        }
    }

    private void sqsLatency(Stack stack) throws Exception {
        SqsClient sqs = run.session().client(SqsClient.class);
        String work = stack.output("WorkUrl");
        String plain = stack.output("PlainUrl");
        Samples local = new Samples("SendMessage → EchoHandler start (local function, event source poller)");
        Samples baseline = new Samples("SendMessage + hand-written long-poll ReceiveMessage loop");
        int warmup = 5;
        for (int i = 0; i < 2 * (warmup + settings.localSqsEvents()); i++) {
            boolean measured = i >= 2 * warmup;
            String id = UUID.randomUUID().toString();
            if (i % 2 == 0) {
                long sentMicros = nowMicros();
                sqs.sendMessage(r -> r.queueUrl(work).messageBody(id));
                long startedMicros = awaitMark(id);
                if (measured) {
                    local.add((startedMicros - sentMicros) * 1_000);
                }
            } else {
                long sentMicros = nowMicros();
                raw.sqs().sendMessage(r -> r.queueUrl(plain).messageBody(id));
                raw.receiveUntil(plain, id::equals, TIMEOUT);
                long receivedMicros = nowMicros();
                if (measured) {
                    baseline.add((receivedMicros - sentMicros) * 1_000);
                }
            }
        }
        results.context(SCENARIO, "SQS message → handler", baseline);
        boolean met = local.medianMillis() <= 150;
        results.add(
                SCENARIO,
                "SQS message → handler",
                local,
                baseline,
                "p50 ≤ 150 ms",
                Optional.of(met),
                "see the findings");
        results.note("Scenario 8 (SQS → handler): wall clock (epoch µs, one machine) just before SendMessage in the "
                + "benchmark JVM → first statement of EchoHandler in the function's JVM. The event source poller "
                + "always has a long-poll (1 s) outstanding, so moto answers it as soon as the message is stored; the "
                + "hand-written baseline, like scenario 5's, sends first and then starts its ReceiveMessage, so it "
                + "pays a second full request and can be slower than the local path.");
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Waits for the handler's mark of message {@code id}; the polling interval does not enter the measurement. */
    private long awaitMark(String id) throws IOException, InterruptedException {
        Path mark = markDir.resolve(id);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(mark)) {
                return Long.parseLong(Files.readString(mark).trim());
            }
            TimeUnit.MILLISECONDS.sleep(2); // watching a file, not synchronising: the time is the handler's own
        }
        throw new AssertionError("the handler did not receive message " + id + " within " + TIMEOUT);
    }

    private static long timeNanos(Stopwatch.Action<?> action) {
        long start = System.nanoTime();
        Stopwatch.time(null, action);
        return System.nanoTime() - start;
    }
}
