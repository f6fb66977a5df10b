package dev.cloudtest.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.cloudtest.core.CloudTestConfig;
import dev.cloudtest.core.Stack;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/** Provision once, tear down once — per class and shared — also after failures; keep only what failed. */
@ExtendWith(Moto.Resolver.class)
class LifecycleIT {

    @Test
    void a_per_class_stack_is_provisioned_once_for_all_tests_and_deleted_after_the_class(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(TwoTests.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(Kit.reported(results, "stack"))
                .hasSize(2)
                .containsOnly(onlyStack(moto, kit).stackName());
        assertThat(kit.outcomes()).hasSize(1).containsValue("deleted");
        assertThat(onlyStack(moto, kit).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void a_shared_stack_serves_every_class_declaring_it_and_is_deleted_once_at_the_end(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(SharedFirst.class, SharedSecond.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(Kit.reported(results, "stack"))
                .hasSize(2)
                .containsOnly(onlyStack(moto, kit).stackName());
        assertThat(kit.outcomes()).hasSize(1).containsValue("deleted");
        assertThat(onlyStack(moto, kit).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void the_stack_is_deleted_after_a_failing_test(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(FailingTest.class);

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(kit.outcomes()).hasSize(1).containsValue("deleted");
        assertThat(onlyStack(moto, kit).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void the_stack_is_deleted_after_a_failing_before_all_method(Moto moto) {
        Kit kit = Kit.on(moto);

        EngineExecutionResults results = kit.run(FailingBeforeAll.class);

        results.containerEvents().assertThatEvents().haveExactly(1, finishedWithFailure(message("setup broke")));
        assertThat(kit.outcomes()).hasSize(1).containsValue("deleted");
        assertThat(onlyStack(moto, kit).stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE);
    }

    @Test
    void keep_on_failure_keeps_the_stacks_of_failed_classes_only(Moto moto) {
        Kit kit = Kit.on(moto).with(CloudTestConfig.KEEP.name(), "on-failure");

        EngineExecutionResults results = kit.run(FailingTest.class, FailingBeforeAll.class, TwoTests.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(1));
        assertThat(kit.outcomes().values()).containsExactlyInAnyOrder("kept", "kept", "deleted");
        var kept = moto.stacksOf(kit.runId()).stream()
                .filter(s -> s.stackStatus() == StackStatus.CREATE_COMPLETE)
                .toList();
        assertThat(kept).hasSize(2);
        CloudFormationClient cfn = moto.cloudFormation();
        kept.forEach(s -> cfn.deleteStack(r -> r.stackName(s.stackId())));
        Awaitility.await("kept stacks deleted")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(moto.stacksOf(kit.runId()))
                        .extracting(StackSummary::stackStatus)
                        .containsOnly(StackStatus.DELETE_COMPLETE));
    }

    @Test
    void a_stack_s_own_keep_wins_over_cloudtest_keep_and_default_follows_it(Moto moto) {
        Kit kit = Kit.on(moto).with(CloudTestConfig.KEEP.name(), "on-failure");

        EngineExecutionResults results =
                kit.run(FailingButNeverKept.class, PassingButAlwaysKept.class, FailingTest.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(2));
        // FailingButNeverKept: deleted (keep = NEVER); PassingButAlwaysKept: kept (ALWAYS); FailingTest: kept
        // (DEFAULT, i.e. cloudtest.keep=on-failure).
        assertThat(kit.outcomes().values()).containsExactlyInAnyOrder("deleted", "kept", "kept");
        var kept = moto.stacksOf(kit.runId()).stream()
                .filter(s -> s.stackStatus() == StackStatus.CREATE_COMPLETE)
                .toList();
        assertThat(kept)
                .extracting(StackSummary::stackName)
                .hasSize(2)
                .anyMatch(name -> name.contains("always-kept"))
                .noneMatch(name -> name.contains("never-kept"));
        CloudFormationClient cfn = moto.cloudFormation();
        kept.forEach(s -> cfn.deleteStack(r -> r.stackName(s.stackId())));
    }

    private static StackSummary onlyStack(Moto moto, Kit kit) {
        assertThat(moto.stacksOf(kit.runId())).hasSize(1);
        return moto.stacksOf(kit.runId()).get(0);
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class TwoTests {
        @Test
        void first(Stack stack, TestReporter reporter) {
            reporter.publishEntry("stack", stack.name());
        }

        @Test
        void second(Stack stack, TestReporter reporter) {
            reporter.publishEntry("stack", stack.name());
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml", lifecycle = StackLifecycle.SHARED)
    static class SharedFirst {
        @Test
        void uses_the_shared_stack(Stack stack, TestReporter reporter) {
            reporter.publishEntry("stack", stack.name());
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml", lifecycle = StackLifecycle.SHARED)
    static class SharedSecond {
        @Test
        void finds_the_shared_stack_still_up(Stack stack, CloudFormationClient cfn, TestReporter reporter) {
            reporter.publishEntry("stack", stack.name());
            assertThat(cfn.describeStacks(r -> r.stackName(stack.name()))
                            .stacks()
                            .get(0)
                            .stackStatus())
                    .isEqualTo(StackStatus.CREATE_COMPLETE);
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class FailingTest {
        @Test
        void fails() {
            throw new AssertionError("journey broke");
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml", id = "never-kept", keep = Keep.NEVER)
    static class FailingButNeverKept {
        @Test
        void fails() {
            throw new AssertionError("journey broke");
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml", id = "always-kept", keep = Keep.ALWAYS)
    static class PassingButAlwaysKept {
        @Test
        void passes() {}
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class FailingBeforeAll {
        @BeforeAll
        static void setUp() {
            throw new IllegalStateException("setup broke");
        }

        @Test
        void never_runs() {}
    }
}
