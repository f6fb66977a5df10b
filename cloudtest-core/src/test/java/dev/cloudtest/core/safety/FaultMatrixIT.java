package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.journey.MessageCapture;
import dev.cloudtest.core.report.TeardownReport;
import dev.cloudtest.core.safety.FaultProxy.Fault;
import dev.cloudtest.core.safety.FaultProxy.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Every AWS call of a run — provision, a probe, a local function's log writes, the secret cloudtest fills in for moto,
 * teardown — × the faults a real account produces, injected by the
 * {@link FaultProxy} in front of moto. For each cell the run either succeeds (the SDK's retries with backoff, within
 * {@code cloudtest.aws.attempt-timeout}) or fails with an error that names the call and the fault; afterwards a listing
 * straight from moto shows no stack and no probe queue of the run, or the run's report lists exactly what is left and
 * a sweep after expiry removes it.
 *
 * <p>CI runs a subset (each call once throttled, once reset, and for good with HTTP 500); {@code
 * -Dfaults.full=true} runs every fault, {@code -Dfaults.only=DeleteSecret,PutLogEvents} only those calls' cells, and
 * {@code -Dfaults.table=<file>} writes the table ({@code scripts/fault-matrix.sh}).
 */
class FaultMatrixIT {
    private static final List<Call> CALLS = List.of(
            Call.of(Operation.query("GetCallerIdentity")),
            Call.of(Operation.query("CreateStack")),
            Call.of(Operation.query("DescribeStacks")),
            Call.of(Operation.query("ListStackResources")),
            Call.of(Operation.query("DeleteStack")),
            Call.of(Operation.s3("ListObjectVersions")),
            Call.of(Operation.s3("DeleteObjects")),
            Call.of(Operation.json("CreateQueue")),
            Call.of(Operation.json("PutRule")),
            Call.of(Operation.json("PutTargets")),
            Call.of(Operation.query("Subscribe")),
            Call.of(Operation.query("Unsubscribe")),
            Call.of(Operation.json("DeleteQueue")),
            Call.of(Operation.json("RemoveTargets")),
            Call.of(Operation.json("DeleteRule")),
            // a local function's output, written to CloudWatch Logs, and its log group removed at teardown
            Call.ofFunction(Operation.json("CreateLogGroup")),
            Call.ofFunction(Operation.json("CreateLogStream")),
            Call.ofFunction(Operation.json("PutLogEvents")),
            Call.ofFunction(Operation.json("DeleteLogGroup")),
            // a secret moto's CloudFormation does not create: the filler creates it, teardown removes it
            Call.ofFunction(Operation.json("GetRandomPassword")),
            Call.ofFunction(Operation.json("CreateSecret")),
            Call.ofFunction(Operation.json("ListSecrets")),
            Call.ofFunction(Operation.json("DeleteSecret")));

    /** A call, and whether the journey that makes it runs a local function beside a filled secret. */
    record Call(Operation operation, boolean function) {
        static Call of(Operation operation) {
            return new Call(operation, false);
        }

        static Call ofFunction(Operation operation) {
            return new Call(operation, true);
        }

        @Override
        public String toString() {
            return operation.toString();
        }
    }

    private static final List<Cell> RESULTS = new ArrayList<>();
    private static Moto moto;
    private boolean lastWaitedOut;

    record Cell(String call, String fault, String times, String outcome, long injected, String detail) {}

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
    }

    @AfterAll
    static void writeTable() throws IOException {
        moto.close();
        String file = System.getProperty("faults.table", "");
        if (file.isBlank()) {
            return;
        }
        StringBuilder table = new StringBuilder("| call | fault | times | outcome | requests of the call | detail |\n"
                + "|---|---|---:|---|---:|---|\n");
        for (Cell cell : RESULTS) {
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %d | %s |%n",
                    cell.call(),
                    cell.fault(),
                    cell.times(),
                    cell.outcome(),
                    cell.injected(),
                    cell.detail().replace("|", "\\|").replace("\n", " ")));
        }
        Files.writeString(Path.of(file), table.toString());
    }

    static Stream<Arguments> cells() {
        boolean full = Boolean.getBoolean("faults.full");
        List<Arguments> cells = new ArrayList<>();
        List<String> only = List.of(System.getProperty("faults.only", "").split(","));
        for (Call call : CALLS) {
            if (!only.equals(List.of("")) && !only.contains(call.toString())) {
                continue;
            }
            if (full) {
                for (Fault fault : Fault.values()) {
                    cells.add(Arguments.of(call, fault, 1));
                }
                cells.add(Arguments.of(call, Fault.THROTTLING, 2));
                cells.add(Arguments.of(call, Fault.UNAVAILABLE, FaultProxy.FOREVER));
            } else {
                cells.add(Arguments.of(call, Fault.THROTTLING, 1));
                if (!call.function()) { // a function's JVM takes seconds: its calls are reset in the full run only
                    cells.add(Arguments.of(call, Fault.CONNECTION_RESET, 1));
                }
            }
            cells.add(Arguments.of(call, Fault.SERVER_ERROR, FaultProxy.FOREVER));
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} × {1} × {2}")
    @MethodSource("cells")
    void the_run_succeeds_or_names_the_call_and_the_fault_and_leaves_nothing_unreported(
            Call call, Fault fault, int times) throws Exception {
        run(
                call.toString(),
                fault.toString(),
                times == FaultProxy.FOREVER ? "always" : Integer.toString(times),
                proxy -> proxy.inject(call.operation(), fault, times),
                call.operation(),
                call.function(),
                indicators(fault));
    }

    /**
     * Stacks that take seconds to create or delete (asynchronous, as on AWS), and deletions that end in {@code
     * DELETE_FAILED} once (the retry deletes) or every time (the stack is in the report, and the sweeper removes it).
     */
    @ParameterizedTest(name = "stack {0}")
    @EnumSource(value = StackStates.Behaviour.class, names = "AS_IS", mode = EnumSource.Mode.EXCLUDE)
    void stacks_that_are_slow_or_fail_to_delete_are_waited_for_retried_or_reported(StackStates.Behaviour behaviour)
            throws Exception {
        Operation call = behaviour == StackStates.Behaviour.SLOW_CREATE
                ? Operation.query("CreateStack")
                : Operation.query("DeleteStack");
        run(
                call.toString(),
                behaviour.toString(),
                behaviour == StackStates.Behaviour.DELETE_FAILED_ONCE ? "1" : "always",
                proxy -> proxy.stackLifecycle(behaviour),
                call,
                false,
                new String[] {"DELETE_FAILED"});
        if (behaviour == StackStates.Behaviour.SLOW_CREATE || behaviour == StackStates.Behaviour.SLOW_DELETE) {
            assertThat(lastWaitedOut)
                    .as("cloudtest waited until the stack was no longer in progress")
                    .isTrue();
        }
    }

    private void run(
            String callName,
            String faultName,
            String timesName,
            java.util.function.Consumer<FaultProxy> fault,
            Operation call,
            boolean function,
            String[] indicators)
            throws Exception {
        String prefix = "fm" + RunIds.random().substring(0, 5);
        String runId = "it-" + RunIds.random();
        String failure = null;
        List<String> reported = new ArrayList<>();
        long injected;
        try (FaultProxy proxy = FaultProxy.inFrontOf(moto.endpoint())) {
            fault.accept(proxy);
            CloudTestRun run = null;
            try {
                run = CloudTestRun.start(Moto.at(proxy.endpoint())
                        .set(CloudTestConfig.RUN_ID, runId)
                        .set(CloudTestConfig.NAME_PREFIX, prefix)
                        .set(CloudTestConfig.TTL, "2s")
                        .set(CloudTestConfig.AWS_ATTEMPT_TIMEOUT, "1500ms")
                        .set(CloudTestConfig.LINT, "off")
                        .build());
                if (function) {
                    functionJourney(run, reported);
                } else {
                    journey(run, reported);
                }
            } catch (RuntimeException e) {
                failure = e.toString();
            } finally {
                if (run != null) {
                    try {
                        run.close();
                    } catch (RuntimeException e) {
                        failure = failure == null ? e.toString() : failure + "; closing: " + e;
                    }
                    reported.addAll(run.report().leftovers());
                }
            }
            injected = proxy.received(call);
            lastWaitedOut = proxy.stackWaitedOut();
        }

        List<String> left = leftovers(prefix, runId);
        String outcome = (failure == null ? "succeeded" : "failed clearly")
                + (left.isEmpty() ? "" : ", left " + left.size() + " (reported, then swept)");
        RESULTS.add(new Cell(callName, faultName, timesName, outcome, injected, failure == null ? "" : failure));
        if (failure != null) {
            assertThat(failure).as("the error names the call").contains(call.name());
            assertThat(failure).as("the error names the fault").containsAnyOf(indicators);
        }
        if (!left.isEmpty()) {
            List<String> stacks = left.stream()
                    .filter(l -> l.startsWith("stack "))
                    .map(l -> l.substring(6))
                    .toList();
            for (String stack : stacks) {
                assertThat(String.join(" ", reported))
                        .as("what is left is in the run's report: " + left)
                        .contains(stack);
            }
            if (stacks.size() < left.size()) {
                assertThat(failure)
                        .as("a resource left behind beside the stacks fails the run: " + left)
                        .isNotNull();
            }
            sweep(prefix);
            assertThat(leftovers(prefix, runId))
                    .as("the sweeper removes what the run left")
                    .isEmpty();
        }
    }

    private static void journey(CloudTestRun run, List<String> reported) {
        Stack stack = run.provision(StackSpec.builder()
                .id("faults")
                .templateResource("faults/bucket-and-topic.yaml")
                .build());
        run.session()
                .client(S3Client.class)
                .putObject(r -> r.bucket(stack.output("BucketName")).key("in/a.txt"), RequestBody.fromString("a"));
        try (MessageCapture notices = run.probes().topic(stack.output("TopicArn"))) {
            run.session().client(SnsClient.class).publish(r -> r.topicArn(stack.output("TopicArn"))
                    .message("hello"));
            notices.awaitMessage("the notice", m -> m.payload().contains("hello"), Duration.ofSeconds(20));
        }
        try (MessageCapture events = run.probes().eventBus("default", "{\"source\": [\"cloudtest.faults\"]}")) {
            run.session()
                    .client(EventBridgeClient.class)
                    .putEvents(r -> r.entries(e -> e.source("cloudtest.faults")
                            .detailType("Checked")
                            .detail("{\"run\": \"" + run.runId() + "\"}")));
            events.awaitMessage("the event", m -> m.payload().contains(run.runId()), Duration.ofSeconds(20));
        }
        TeardownReport teardown = run.teardown(stack);
        teardown.leftovers().forEach(l -> reported.add(l.resource() + " " + l.reason()));
        if (!teardown.isClean()) {
            throw new IllegalStateException("teardown left " + teardown.leftovers());
        }
    }

    /** A local function invoked once (its output goes to CloudWatch Logs), beside a secret cloudtest creates. */
    private static void functionJourney(CloudTestRun run, List<String> reported) {
        Stack stack = run.provision(StackSpec.builder()
                .id("faults-fn")
                .templateResource("faults/function-and-secret.yaml")
                .build());
        String receipt = run.localFunction(stack, "Pricing")
                .invoke("{\"orderId\": \"o-1\", \"quantity\": 2, \"unitPriceCents\": 150}");
        if (!receipt.contains("\"totalCents\":300")) {
            throw new IllegalStateException("unexpected receipt " + receipt);
        }
        TeardownReport teardown = run.teardown(stack);
        teardown.leftovers().forEach(l -> reported.add(l.resource() + " " + l.reason()));
        if (!teardown.isClean()) {
            throw new IllegalStateException("teardown left " + teardown.leftovers());
        }
    }

    private static String[] indicators(Fault fault) {
        return switch (fault) {
            case THROTTLING -> new String[] {"Throttling", "SlowDown"};
            case TOO_MANY_REQUESTS -> new String[] {"TooManyRequestsException"};
            case SERVER_ERROR -> new String[] {"InternalFailure"};
            case UNAVAILABLE -> new String[] {"ServiceUnavailable"};
            case CONNECTION_RESET -> new String[] {"Connection reset", "connection reset"};
            case SLOW -> new String[] {"timeout", "timed out"};
        };
    }

    /** What of the run exists, listed straight from moto: stacks named with its prefix, probe queues and rules. */
    private static List<String> leftovers(String prefix, String runId) {
        List<String> left = new ArrayList<>();
        try (CloudTestRun direct = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            direct.session().client(CloudFormationClient.class).describeStacks().stacks().stream()
                    .filter(s -> s.stackName().startsWith(prefix))
                    .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
                    .forEach(s -> left.add("stack " + s.stackName()));
            direct.session().client(SqsClient.class).listQueues().queueUrls().stream()
                    .filter(url -> url.contains(runId) || url.contains(prefix))
                    .forEach(url -> left.add("queue " + url));
            direct.session().client(EventBridgeClient.class).listRules(r -> r.eventBusName("default")).rules().stream()
                    .filter(rule -> rule.name().contains(runId) || rule.name().startsWith(prefix))
                    .forEach(rule -> left.add("rule " + rule.name()));
            direct.session()
                    .client(CloudWatchLogsClient.class)
                    .describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/" + prefix))
                    .logGroups()
                    .forEach(group -> left.add("log group " + group.logGroupName()));
            direct.session().client(SecretsManagerClient.class).listSecrets().secretList().stream()
                    .filter(secret -> secret.name().startsWith(prefix))
                    .forEach(secret -> left.add("secret " + secret.name()));
        }
        return left;
    }

    private static void sweep(String prefix) throws InterruptedException {
        Thread.sleep(2_500); // past the 2 s ttl
        try (CloudTestRun sweeper = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            sweeper.sweeper().withNamePrefix(prefix).sweep(true);
        }
    }
}
