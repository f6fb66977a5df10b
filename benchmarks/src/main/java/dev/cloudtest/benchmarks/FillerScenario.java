package dev.cloudtest.benchmarks;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.naming.RunIds;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Scenario 10: what filling a type moto skips costs. The same fan-out — one topic, {@value #QUEUES} subscribed queues —
 * provisioned two ways, interleaved in one run: the queues subscribed through the topic's {@code Subscription}
 * property (moto creates them itself; the baseline) and through {@value #QUEUES} {@code AWS::SNS::Subscription}
 * resources, which cloudtest creates through SNS {@code Subscribe} after the stack and reads back. The difference of
 * the medians divided by {@value #QUEUES} is the overhead per filled resource. Teardown is not timed.
 */
final class FillerScenario {
    private static final String SCENARIO = "10 Filled resources";
    private static final int QUEUES = 5;

    private final URI moto;
    private final Results results;
    private final Settings settings;

    FillerScenario(URI moto, Results results, Settings settings) {
        this.moto = moto;
        this.results = results;
        this.settings = settings;
    }

    void run() {
        Samples native_ = new Samples(QUEUES + " subscriptions as the topic's Subscription property (moto)");
        Samples filled = new Samples(QUEUES + " AWS::SNS::Subscription resources (filled)");
        try (CloudTestRun run = CloudTestRun.start(CloudTestConfig.builder()
                .systemProperties(new Properties())
                .environment(Map.of())
                .propertiesFile(Optional.empty())
                .set(CloudTestConfig.ENDPOINT, moto.toString())
                .set(CloudTestConfig.REGION, HandWritten.REGION)
                .set(CloudTestConfig.RUN_ID, "fill-" + RunIds.random())
                .set(CloudTestConfig.REPORT_DIR, "target/cloudtest-bench")
                .build())) {
            StackSpec inline = StackSpec.builder()
                    .id("fanout-native")
                    .templateBody(template(false))
                    .build();
            StackSpec resources = StackSpec.builder()
                    .id("fanout-filled")
                    .templateBody(template(true))
                    .build();
            for (int round = 0; round < settings.warmup() + settings.reps(); round++) {
                boolean measured = round >= settings.warmup();
                for (String side : Rounds.rotated(List.of("native", "filled"), round)) {
                    boolean fill = side.equals("filled");
                    Stack stack = Stopwatch.time(
                            measured ? (fill ? filled : native_) : null,
                            () -> run.provision(fill ? resources : inline));
                    if (fill && stack.physicalIds().keySet().stream().noneMatch(id -> id.startsWith("Subscription"))) {
                        throw new IllegalStateException("the filled subscriptions are missing from " + stack.name());
                    }
                    run.teardown(stack);
                }
            }
        }
        results.add(
                SCENARIO,
                "provision a topic fanned out to " + QUEUES + " queues",
                filled,
                native_,
                "",
                Optional.empty(),
                "");
        results.context(SCENARIO, "provision a topic fanned out to " + QUEUES + " queues", native_);
        results.value(
                SCENARIO,
                "overhead per filled resource",
                "(filled median - baseline median) / " + QUEUES,
                (filled.medianMillis() - native_.medianMillis()) / QUEUES,
                "ms",
                "",
                true,
                "");
    }

    /** The fan-out, subscribed through resources or through the topic's property. */
    static String template(boolean subscriptionResources) {
        StringBuilder t = new StringBuilder("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n");
        if (!subscriptionResources) {
            t.append("    Properties:\n      Subscription:\n");
            for (int i = 1; i <= QUEUES; i++) {
                t.append("        - {Protocol: sqs, Endpoint: !GetAtt Queue")
                        .append(i)
                        .append(".Arn}\n");
            }
        }
        for (int i = 1; i <= QUEUES; i++) {
            t.append("  Queue").append(i).append(":\n    Type: AWS::SQS::Queue\n");
            if (subscriptionResources) {
                t.append("  Subscription")
                        .append(i)
                        .append(":\n    Type: AWS::SNS::Subscription\n")
                        .append("    Properties: {TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Queue")
                        .append(i)
                        .append(".Arn, RawMessageDelivery: true}\n");
            }
        }
        return t.toString();
    }
}
