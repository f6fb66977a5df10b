package dev.cloudtest.benchmarks;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.journey.Probes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Scenario 5: publish → capture latency of the queue, topic and event bus probes. Each event carries a unique id;
 * the time runs from just before the publish call until {@code awaitMessage} returns the matching message.
 * Interleaved with a baseline on the same delivery path: publish, then a hand-written ReceiveMessage loop (long
 * polling, 1 s) on the same queue the capture reads, until the message with that id arrives.
 */
final class ProbeScenario {
    private static final String SCENARIO = "5 Probes";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CloudTestRun run;
    private final HandWritten raw;
    private final Results results;
    private final Settings settings;

    ProbeScenario(CloudTestRun run, HandWritten raw, Results results, Settings settings) {
        this.run = run;
        this.raw = raw;
        this.results = results;
        this.settings = settings;
    }

    void run() {
        Stack targets = run.provision(StackSpec.builder()
                .id("probes")
                .templateBody(Templates.probeTargets())
                .build());
        Probes probes = run.probes();
        SqsClient sqs = run.session().client(SqsClient.class);
        SnsClient sns = run.session().client(SnsClient.class);
        EventBridgeClient events = run.session().client(EventBridgeClient.class);
        String queueUrl = targets.output("QueueUrl");
        String topicArn = targets.output("TopicArn");
        String bus = targets.output("BusName");
        try {
            measure(
                    "queue (SendMessage)",
                    () -> probes.queue(queueUrl),
                    id -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body(id))));
            measure(
                    "topic (SNS Publish → capture queue)",
                    () -> probes.topic(topicArn),
                    id -> sns.publish(r -> r.topicArn(topicArn).message(body(id))));
            measure(
                    "event bus (PutEvents → rule → capture queue)",
                    () -> probes.eventBus(bus, "{\"source\": [\"bench.cloudtest\"]}"),
                    id -> events.putEvents(r -> r.entries(List.of(PutEventsRequestEntry.builder()
                            .eventBusName(bus)
                            .source("bench.cloudtest")
                            .detailType("BenchEvent")
                            .detail(body(id))
                            .build()))));
        } finally {
            run.teardown(targets);
        }
    }

    private static String body(String id) {
        return "{\"id\": \"" + id + "\"}";
    }

    private void measure(String kind, Supplier<MessageCapture> open, Consumer<String> publish) {
        Samples cloudtest = new Samples("cloudtest awaitMessage");
        Samples baseline = new Samples("publish + hand-written ReceiveMessage loop");
        int warmup = 5;
        try (MessageCapture capture = open.get()) {
            for (int i = 0; i < 2 * (warmup + settings.probeEvents()); i++) {
                boolean measured = i >= 2 * warmup;
                String id = UUID.randomUUID().toString();
                if (i % 2 == 0) {
                    Stopwatch.time(measured ? cloudtest : null, () -> {
                        publish.accept(id);
                        return capture.awaitMessage("event " + id, m -> m.body().contains(id), TIMEOUT);
                    });
                } else {
                    Stopwatch.time(measured ? baseline : null, () -> {
                        publish.accept(id);
                        return raw.receiveUntil(capture.queueUrl(), body -> body.contains(id), TIMEOUT);
                    });
                }
            }
        }
        results.context(SCENARIO, kind, baseline);
        boolean met = cloudtest.medianMillis() <= 200 && cloudtest.p95Millis() <= 1000;
        results.add(
                SCENARIO, kind, cloudtest, baseline, "p50 ≤ 200 ms, p95 ≤ 1 s", Optional.of(met), "see the findings");
    }
}
