package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.CloudTestRun;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.report.SweepCandidate;
import dev.cloudtest.core.report.SweepReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A run that dies: SIGKILL leaves its stack for the sweeper (no hook can run), SIGTERM lets the shutdown hook delete
 * it within CI's grace period. The child JVMs use this class's moto, which outlives them.
 */
class CrashAndCancelIT {
    private static final Path DIR = Path.of("target", "cloudtest-it", "children");

    private static Moto moto;
    private static CloudTestRun direct;

    @BeforeAll
    static void startMoto() {
        moto = Moto.start();
        direct = CloudTestRun.start(Moto.at(moto.endpoint()).build());
    }

    @AfterAll
    static void stopMoto() {
        direct.close();
        moto.close();
    }

    @Test
    void killed_run_leaves_its_stack_until_it_expires_then_a_confirmed_sweep_removes_everything() throws Exception {
        String runId = "crash-" + RunIds.random();
        String owner = "owner-" + runId;
        Map<String, String> child;
        try (ChildJvm jvm = ChildJvm.start(
                List.of(), null, DIR, "provision", moto.endpoint().toString(), runId, owner, "8s")) {
            child = jvm.readUntil("READY", Duration.ofSeconds(60));

            jvm.process().destroyForcibly();
            assertThat(jvm.waitFor(Duration.ofSeconds(10))).isTrue();
            assertThat(jvm.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(jvm.stderr()).doesNotContain("during shutdown");
        }
        String stackId = child.get("STACK_ID");
        assertThat(status(stackId)).as("no hook ran: the stack is still up").isEqualTo(StackStatus.CREATE_COMPLETE);
        try (CloudTestRun sweeping = CloudTestRun.start(Moto.at(moto.endpoint()).build())) {
            assertThat(sweeping.sweeper().withOwner(owner).findExpired())
                    .as("not expired yet")
                    .isEmpty();

            // Waiting out the TTL is the point of this test. It is 8 s: the "not expired yet" check above must
            // come before it even on a loaded machine (creation times are whole seconds).
            Instant expiresAt = Instant.parse(child.get("EXPIRES_AT"));
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 1100);
            SweepReport report = sweeping.sweeper().withOwner(owner).sweep(true);

            assertThat(report.deleted())
                    .extracting(SweepCandidate::name, SweepCandidate::runId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(child.get("STACK"), runId));
            assertThat(report.isClean()).as(report.summary()).isTrue();
        }
        // Independently of the sweeper's word: CloudFormation and each service's own listing.
        assertThat(status(stackId)).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(direct.session().client(CloudFormationClient.class).describeStacksPaginator().stacks().stream()
                        .filter(s -> s.stackName().endsWith(runId)))
                .isEmpty();
        assertThat(direct.session().client(S3Client.class).listBuckets().buckets())
                .noneMatch(b -> b.name().equals(child.get("BUCKET")));
        String queue = child.get("QUEUE");
        assertThat(direct.session().client(SqsClient.class).listQueues().queueUrls())
                .noneMatch(u -> u.endsWith(queue.substring(queue.lastIndexOf('/'))));
    }

    @Test
    void terminated_run_deletes_its_stack_in_the_shutdown_hook_within_the_budget() throws Exception {
        String runId = "cancel-" + RunIds.random();
        Map<String, String> child;
        long millis;
        String log;
        try (ChildJvm jvm = ChildJvm.start(
                List.of(), null, DIR, "provision", moto.endpoint().toString(), runId, "owner-" + runId, "1h")) {
            child = jvm.readUntil("READY", Duration.ofSeconds(60));

            long started = System.nanoTime();
            jvm.process().destroy();
            assertThat(jvm.waitFor(Duration.ofSeconds(15))).isTrue();
            millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            log = jvm.stderr();
        }

        assertThat(millis).as("CI sends SIGKILL ~7 s after SIGTERM").isLessThan(7_000);
        assertThat(log)
                .contains("JVM shutting down with 1 stack(s) up: deleting [" + child.get("STACK") + "]")
                .contains("deleted 1 stack(s) during shutdown");
        assertThat(status(child.get("STACK_ID"))).isEqualTo(StackStatus.DELETE_COMPLETE);
        assertThat(direct.session().client(S3Client.class).listBuckets().buckets())
                .noneMatch(b -> b.name().equals(child.get("BUCKET")));
        System.out.println("cancel: the child ended " + millis + " ms after SIGTERM");
    }

    /**
     * SIGTERM while CreateStack is on its way back: the request reached the target and registered the stack, the answer
     * (with the stack id) has not arrived. The shutdown hook still deletes the stack, by its name.
     */
    @Test
    void terminated_while_create_stack_is_answered_deletes_the_stack_by_its_name() throws Exception {
        String runId = "cancel-create-" + RunIds.random();
        try (FaultProxy proxy = FaultProxy.inFrontOf(moto.endpoint())) {
            proxy.inject(FaultProxy.Operation.query("CreateStack"), FaultProxy.Fault.SLOW, 1);
            String log;
            try (ChildJvm jvm = ChildJvm.start(
                    List.of(), null, DIR, "provision", proxy.endpoint().toString(), runId, "owner-" + runId, "1h")) {
                Awaitility.await("moto registers the stack, its answer held back by the proxy")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> !stacksOf(runId).isEmpty());
                jvm.process().destroy();
                assertThat(jvm.waitFor(Duration.ofSeconds(15))).isTrue();
                log = jvm.stderr();
            }
            assertThat(log).contains("JVM shutting down with 1 stack(s) up");
            assertThat(stacksOf(runId)).as("left by the terminated run: " + log).isEmpty();
        }
    }

    /** SIGTERM while the teardown waits for S3 (emptying the bucket): the shutdown hook finishes the job. */
    @Test
    void terminated_during_teardown_leaves_no_stack_and_no_bucket() throws Exception {
        String runId = "cancel-td-" + RunIds.random();
        FaultProxy.Operation listVersions = FaultProxy.Operation.s3("ListObjectVersions");
        try (FaultProxy proxy = FaultProxy.inFrontOf(moto.endpoint())) {
            proxy.inject(listVersions, FaultProxy.Fault.SLOW, 1);
            Map<String, String> child;
            String log;
            try (ChildJvm jvm = ChildJvm.start(
                    List.of(),
                    null,
                    DIR,
                    "provision-and-tear-down",
                    proxy.endpoint().toString(),
                    runId)) {
                child = jvm.readUntil("READY", Duration.ofSeconds(60));
                Awaitility.await("the teardown is emptying the bucket")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> proxy.received(listVersions) > 0);
                jvm.process().destroy();
                assertThat(jvm.waitFor(Duration.ofSeconds(15))).isTrue();
                log = jvm.stderr();
            }
            assertThat(stacksOf(runId)).as("left by the terminated run: " + log).isEmpty();
            assertThat(direct.session().client(S3Client.class).listBuckets().buckets())
                    .noneMatch(b -> b.name().equals(child.get("BUCKET")));
        }
    }

    /**
     * On the zero-setup default a run starts processes of its own: the emulator (under its watchdog) and a JVM per
     * local function. Whether the run is terminated (shutdown hook) or killed (no hook runs), none of them outlives it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SIGTERM", "SIGKILL"})
    void no_process_of_the_run_outlives_it(String signal) throws Exception {
        String runId = "procs-" + RunIds.random();
        List<ProcessHandle> started;
        try (ChildJvm jvm = ChildJvm.start(List.of(), null, DIR, "zero-setup-functions", runId)) {
            jvm.readUntil("READY", Duration.ofSeconds(120));
            started = jvm.process().descendants().toList();
            assertThat(started)
                    .as("the emulator and the two function JVMs run under the test JVM")
                    .anyMatch(p -> command(p).contains("moto"))
                    .filteredOn(p -> p.info().command().orElse("").endsWith("/java"))
                    .hasSize(2);
            if (signal.equals("SIGTERM")) {
                jvm.process().destroy();
            } else {
                jvm.process().destroyForcibly();
            }
            assertThat(jvm.waitFor(Duration.ofSeconds(15))).isTrue();
        }
        Awaitility.await("every process the run started to end after " + signal)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(started)
                        .filteredOn(CrashAndCancelIT::running)
                        .extracting(CrashAndCancelIT::command)
                        .isEmpty());
    }

    private static String command(ProcessHandle process) {
        return process.info().command().orElse("?") + " "
                + String.join(" ", process.info().arguments().orElse(new String[0]));
    }

    /** Alive and not a zombie waiting for a parent (or init) to reap it. */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The run's stacks that are not deleted, listed straight from moto. */
    private static List<String> stacksOf(String runId) {
        return direct.session().client(CloudFormationClient.class).describeStacks().stacks().stream()
                .filter(s -> s.stackName().endsWith(runId)
                        || s.tags().stream()
                                .anyMatch(t -> t.key().equals("cloudtest:run-id")
                                        && t.value().equals(runId)))
                .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE)
                .map(s -> s.stackName() + " " + s.stackStatus())
                .toList();
    }

    private static StackStatus status(String stackId) {
        return direct.session()
                .client(CloudFormationClient.class)
                .describeStacks(r -> r.stackName(stackId))
                .stacks()
                .get(0)
                .stackStatus();
    }
}
