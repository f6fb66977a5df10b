package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.GuardViolationException;
import dev.cloudtest.core.internal.naming.RunIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** The IDE reuse loop and attach mode, across runs on one emulator. */
class ReuseAndAttachIT {
    private static CloudTestRun host;
    private static String endpoint;

    @BeforeAll
    static void startEmulator() {
        host = CloudTestRun.start(TestTargets.moto().build());
        endpoint = host.session().endpoint().orElseThrow().toString();
    }

    @AfterAll
    static void stopEmulator() {
        host.close();
    }

    private static CloudTestRun run() {
        return CloudTestRun.start(
                TestTargets.moto().set(CloudTestConfig.ENDPOINT, endpoint).build());
    }

    private static StackSpec queue(String stage) {
        return StackSpec.builder()
                .templateResource("stacks/queue-only.yaml")
                .parameter("Stage", stage)
                .build();
    }

    private static software.amazon.awssdk.services.cloudformation.model.Stack describe(String stackId) {
        return host.session()
                .client(CloudFormationClient.class)
                .describeStacks(r -> r.stackName(stackId))
                .stacks()
                .get(0);
    }

    private static int events(String stackId) {
        return host.session()
                .client(CloudFormationClient.class)
                .describeStackEvents(r -> r.stackName(stackId))
                .stackEvents()
                .size();
    }

    @Test
    void an_unchanged_rerun_reuses_the_stack_without_writing_and_a_change_updates_it_in_place() {
        String reuse = "dev-" + RunIds.random();
        Stack first;
        try (CloudTestRun run = run()) {
            first = run.provisionOrReuse(queue("one"), reuse);
        }
        assertThat(describe(first.stackId()).stackStatus())
                .as("kept after the run")
                .isEqualTo(StackStatus.CREATE_COMPLETE);
        int eventsAfterCreate = events(first.stackId());

        Stack second;
        try (CloudTestRun run = run()) {
            second = run.provisionOrReuse(queue("one"), reuse);
        }
        assertThat(second.stackId()).isEqualTo(first.stackId());
        assertThat(second.outputs()).isEqualTo(first.outputs());
        assertThat(describe(first.stackId()).lastUpdatedTime()).as("no update").isNull();
        assertThat(events(first.stackId()))
                .as("no CloudFormation write since the create")
                .isEqualTo(eventsAfterCreate);

        Stack third;
        try (CloudTestRun run = run()) {
            third = run.provisionOrReuse(queue("two"), reuse);
        }
        assertThat(third.stackId()).as("updated in place, not recreated").isEqualTo(first.stackId());
        assertThat(third.output("Stage"))
                .as("the returned stack has the updated outputs")
                .isEqualTo("two");
        assertThat(first.output("Stage")).isEqualTo("one");
        assertThat(describe(first.stackId()).stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);

        host.session().client(CloudFormationClient.class).deleteStack(r -> r.stackName(first.stackId()));
    }

    @Test
    void reuse_refuses_a_stack_of_that_name_that_is_not_this_owners_reuse_stack() {
        String reuse = "dev-" + RunIds.random();
        Stack foreign;
        try (CloudTestRun run = CloudTestRun.start(TestTargets.moto()
                .set(CloudTestConfig.ENDPOINT, endpoint)
                .set(CloudTestConfig.OWNER, "someone-else")
                .build())) {
            foreign = run.provisionOrReuse(queue("one"), reuse);
        }
        try (CloudTestRun run = run()) {
            assertThatThrownBy(() -> run.provisionOrReuse(queue("two"), reuse))
                    .isInstanceOfSatisfying(GuardViolationException.class, e -> assertThat(e.guard())
                            .isEqualTo("ownership"))
                    .hasMessageContaining("is not")
                    .hasMessageContaining("choose another cloudtest.reuse name");
        }
        assertThat(describe(foreign.stackId()).stackStatus()).as("untouched").isEqualTo(StackStatus.CREATE_COMPLETE);
        host.session().client(CloudFormationClient.class).deleteStack(r -> r.stackName(foreign.stackId()));
    }

    @Test
    void attach_reads_an_existing_stack_and_never_deletes_it() {
        try (CloudTestRun owner = run()) {
            Stack deployed = owner.provision(queue("pipeline"));

            Stack attached;
            try (CloudTestRun pipeline = run()) {
                attached = pipeline.attach(deployed.name());
            }

            assertThat(attached.outputs()).isEqualTo(deployed.outputs());
            assertThat(attached.physicalIds()).isEqualTo(deployed.physicalIds());
            assertThat(describe(deployed.stackId()).stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
        }
    }

    @Test
    void attach_to_a_missing_stack_says_so() {
        try (CloudTestRun run = run()) {
            assertThatThrownBy(() -> run.attach("no-such-stack"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("'no-such-stack': it does not exist")
                    .hasMessageContaining("cloudtest.attach");
        }
    }
}
