package dev.cloudtest.benchmarks;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Schedule;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Scenario 8, push triggers: the wall clock from the source's API call in the benchmark JVM ({@code PutObject},
 * {@code Publish}, {@code PutEvents}, {@code Schedule.fire()}) to {@link EchoHandler}'s first statement in the local
 * function's JVM (a mark file it writes with its own clock: one machine). Baseline, interleaved round by round: the
 * same source delivering to a queue beside it ({@link Templates#triggers()}: a queue notification of the bucket, a raw
 * SQS subscription of the topic, a queue target of the rule), read by the hand-written long-poll receive loop of
 * scenario 5 — what a test without cloudtest would do. A schedule has no such twin (nothing fires it): its baseline is
 * {@code SendMessage} + the same loop on the bucket's queue, the cheapest delivery there is.
 */
final class TriggerScenario {
    private static final String SCENARIO = "8 Local functions";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final CloudTestRun run;
    private final HandWritten raw;
    private final Results results;
    private final int events;
    private final Path markDir;

    TriggerScenario(CloudTestRun run, HandWritten raw, Results results, Settings settings) throws IOException {
        this.run = run;
        this.raw = raw;
        this.results = results;
        this.events = settings.localTriggerEvents();
        this.markDir = Files.createTempDirectory("cloudtest-bench-triggers");
    }

    void run() throws Exception {
        Stack stack = run.provision(StackSpec.builder()
                .id("triggers")
                .templateBody(Templates.triggers())
                .parameter("MarkDir", markDir.toString())
                .build());
        try {
            S3Client s3 = run.session().client(S3Client.class);
            SnsClient sns = run.session().client(SnsClient.class);
            EventBridgeClient events = run.session().client(EventBridgeClient.class);
            String bucket = stack.output("Bucket");
            measure(
                    "S3 PutObject → handler",
                    id -> s3.putObject(r -> r.bucket(bucket).key("fn/" + id), RequestBody.fromString(id)),
                    id -> s3.putObject(r -> r.bucket(bucket).key("q/" + id), RequestBody.fromString(id)),
                    stack.output("S3QueueUrl"));
            measure(
                    "SNS Publish → handler",
                    id -> sns.publish(p -> p.topicArn(stack.output("TopicArn")).message(id)),
                    id -> sns.publish(p -> p.topicArn(stack.output("TopicArn")).message(id)),
                    stack.output("SnsQueueUrl"));
            Consumer<String> put = id -> events.putEvents(r -> r.entries(e -> e.eventBusName(stack.output("BusName"))
                    .source("bench")
                    .detailType("Mark")
                    .detail("{\"mark\": \"" + id + "\"}")));
            measure("EventBridge PutEvents → handler", put, put, stack.output("EventsQueueUrl"));
            Schedule tick = run.schedule(stack, "Tick");
            measure(
                    "Schedule.fire() → handler",
                    id -> tick.fire(),
                    id -> raw.sqs().sendMessage(r -> r.queueUrl(stack.output("S3QueueUrl"))
                            .messageBody(id)),
                    stack.output("S3QueueUrl"));
        } finally {
            run.teardown(stack);
            try (Stream<Path> files = Files.walk(markDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        results.note("Scenario 8 (push triggers): wall clock (epoch µs, one machine) just before the source's call in "
                + "the benchmark JVM → first statement of EchoHandler in the function's JVM. The path is moto's "
                + "delivery to the stack's relay queue (a bucket's LambdaConfigurations, a lambda subscription and a "
                + "Lambda rule target are pointed at one), the relay's long poll answering, the event shaped as "
                + "Lambda's, the asynchronous invocation's hand-off and the JSON line to the function's JVM. The "
                + "baseline reads the same source's delivery to a plain queue with the hand-written loop, which "
                + "sends first and then starts its ReceiveMessage. A fired schedule delivers to the function "
                + "directly (no relay): its figure is cloudtest's own path from fire() to the handler.");
    }

    private void measure(String name, Consumer<String> local, Consumer<String> baseline, String baselineQueue)
            throws Exception {
        Samples measuredLocal = new Samples(name + " (local function)");
        Samples measuredBaseline = new Samples(name.replace("→ handler", "→ hand-written receive loop on a queue"));
        int warmup = 3;
        for (int i = 0; i < 2 * (warmup + events); i++) {
            boolean measured = i >= 2 * warmup;
            boolean scheduled = name.startsWith("Schedule");
            String id = scheduled ? "tick" : UUID.randomUUID().toString();
            if (i % 2 == 0) {
                Files.deleteIfExists(markDir.resolve(id));
                long sentMicros = nowMicros();
                local.accept(id);
                long startedMicros = awaitMark(id);
                if (measured) {
                    measuredLocal.add((startedMicros - sentMicros) * 1_000);
                }
            } else {
                String baselineId = scheduled ? UUID.randomUUID().toString() : id;
                long sentMicros = nowMicros();
                baseline.accept(baselineId);
                raw.receiveUntil(baselineQueue, body -> body.contains(baselineId), TIMEOUT);
                long receivedMicros = nowMicros();
                if (measured) {
                    measuredBaseline.add((receivedMicros - sentMicros) * 1_000);
                }
            }
        }
        results.context(SCENARIO, name, measuredBaseline);
        results.add(
                SCENARIO,
                name,
                measuredLocal,
                measuredBaseline,
                "p50 ≤ 50 ms",
                Optional.of(measuredLocal.medianMillis() <= 50),
                "see the findings");
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Waits for the handler's mark; the polling interval does not enter the measurement (the time is the mark's). */
    private long awaitMark(String id) throws IOException, InterruptedException {
        Path mark = markDir.resolve(id);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(mark)) {
                return Long.parseLong(Files.readString(mark).trim());
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
        throw new AssertionError("the handler did not mark " + id + " within " + TIMEOUT);
    }
}
