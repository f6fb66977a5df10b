package dev.cloudtest.benchmarks;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Scenario 8, streams: the wall clock from {@code PutItem} / {@code PutRecord} in the benchmark JVM to {@link
 * EchoHandler}'s first statement in the local function's JVM ({@link Templates#streams()}: the table's mapping with
 * Lambda's defaults, the Kinesis mapping with a batch of 1 and no window). Baseline, interleaved write by write: the
 * same write to a twin table / stream without a mapping, read by a hand-written loop — one shard iterator taken at
 * the start and {@code GetRecords} called back to back until the record is there, as a test without cloudtest would.
 */
final class StreamScenario {
    private static final String SCENARIO = "8 Local functions";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final CloudTestRun run;
    private final Results results;
    private final int events;
    private final Path markDir;

    StreamScenario(CloudTestRun run, Results results, Settings settings) throws IOException {
        this.run = run;
        this.results = results;
        this.events = settings.localTriggerEvents();
        this.markDir = Files.createTempDirectory("cloudtest-bench-streams");
    }

    void run() throws Exception {
        Stack stack = run.provision(StackSpec.builder()
                .id("streams")
                .templateBody(Templates.streams())
                .parameter("MarkDir", markDir.toString())
                .build());
        try {
            DynamoDbClient dynamo = run.session().client(DynamoDbClient.class);
            KinesisClient kinesis = run.session().client(KinesisClient.class);
            DynamoDbStreamsClient streams = run.session().client(DynamoDbStreamsClient.class);

            String plainStream = dynamo.describeTable(r -> r.tableName(stack.output("PlainTable")))
                    .table()
                    .latestStreamArn();
            String shard = streams.describeStream(r -> r.streamArn(plainStream))
                    .streamDescription()
                    .shards()
                    .get(0)
                    .shardId();
            String[] ddbIterator = {
                streams.getShardIterator(r ->
                                r.streamArn(plainStream).shardId(shard).shardIteratorType(ShardIteratorType.LATEST))
                        .shardIterator()
            };
            measure(
                    "DynamoDB PutItem → handler (mapping defaults)",
                    id -> dynamo.putItem(r -> r.tableName(stack.output("Table")).item(item(id))),
                    id -> dynamo.putItem(
                            r -> r.tableName(stack.output("PlainTable")).item(item(id))),
                    id -> {
                        var page = streams.getRecords(r -> r.shardIterator(ddbIterator[0]));
                        ddbIterator[0] = page.nextShardIterator();
                        return page.records().stream()
                                .anyMatch(rec -> id.equals(
                                        rec.dynamodb().newImage().get("id").s()));
                    },
                    "≤ 1 s");

            String plainClicks = stack.output("PlainStream");
            String plainClicksArn = kinesis.describeStreamSummary(r -> r.streamName(plainClicks))
                    .streamDescriptionSummary()
                    .streamARN();
            String kinesisShard = kinesis.listShards(r -> r.streamName(plainClicks))
                    .shards()
                    .get(0)
                    .shardId();
            String[] kinesisIterator = {
                kinesis.getShardIterator(r ->
                                r.streamName(plainClicks).shardId(kinesisShard).shardIteratorType("LATEST"))
                        .shardIterator()
            };
            measure(
                    "Kinesis PutRecord → handler (batch 1, window 0)",
                    id -> kinesis.putRecord(r -> r.streamName(stack.output("Stream"))
                            .partitionKey("k")
                            .data(SdkBytes.fromUtf8String(id))),
                    id -> kinesis.putRecord(
                            r -> r.streamName(plainClicks).partitionKey("k").data(SdkBytes.fromUtf8String(id))),
                    id -> {
                        var page = kinesis.getRecords(
                                r -> r.streamARN(plainClicksArn).shardIterator(kinesisIterator[0]));
                        kinesisIterator[0] = page.nextShardIterator();
                        return page.records().stream()
                                .anyMatch(rec -> id.equals(rec.data().asString(StandardCharsets.UTF_8)));
                    },
                    "≤ 100 ms");
        } finally {
            run.teardown(stack);
            try (Stream<Path> files = Files.walk(markDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        results.note("Scenario 8 (streams): wall clock (epoch µs, one machine) just before PutItem / PutRecord in the "
                + "benchmark JVM → first statement of EchoHandler in the function's JVM. cloudtest's shard reader "
                + "calls GetRecords every 50 ms while the shard is idle (Lambda's own poller about every 250 ms), so "
                + "a record waits 25 ms on average before it is read; the table's mapping has Lambda's defaults "
                + "(BatchSize 100, no batching window), the stream's a batch of 1 and a window of 0. The baseline "
                + "calls GetRecords back to back on a twin without a mapping, so it pays no idle interval: it is the "
                + "floor of what moto's streams allow.");
    }

    private void measure(
            String name,
            Consumer<String> local,
            Consumer<String> baseline,
            Predicate<String> baselineRead,
            String target)
            throws Exception {
        Samples measuredLocal = new Samples(name + " (local function)");
        Samples measuredBaseline = new Samples(name.substring(0, name.indexOf('→')) + "→ hand-written GetRecords loop");
        int warmup = 3;
        for (int i = 0; i < 2 * (warmup + events); i++) {
            boolean measured = i >= 2 * warmup;
            String id = UUID.randomUUID().toString();
            long sentMicros = nowMicros();
            if (i % 2 == 0) {
                local.accept(id);
                long startedMicros = awaitMark(id);
                if (measured) {
                    measuredLocal.add((startedMicros - sentMicros) * 1_000);
                }
            } else {
                baseline.accept(id);
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!baselineRead.test(id)) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the hand-written loop did not see " + id);
                    }
                }
                if (measured) {
                    measuredBaseline.add((nowMicros() - sentMicros) * 1_000);
                }
            }
        }
        long limitMillis = target.contains("100 ms") ? 100 : 1000;
        results.context(SCENARIO, name, measuredBaseline);
        results.add(
                SCENARIO,
                name,
                measuredLocal,
                measuredBaseline,
                "p50 " + target,
                Optional.of(measuredLocal.medianMillis() <= limitMillis),
                "see the findings");
    }

    private static Map<String, AttributeValue> item(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

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
