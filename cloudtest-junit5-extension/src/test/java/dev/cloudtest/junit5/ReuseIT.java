package dev.cloudtest.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.CloudTestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** The IDE loop through the extension: cloudtest.reuse keeps the stack, reuses it unchanged, updates it when changed. */
@ExtendWith(Moto.Resolver.class)
class ReuseIT {

    @Test
    void a_second_run_provisions_nothing_when_unchanged_and_a_changed_spec_updates_the_stack_in_place(Moto moto) {
        String reuse = "dev" + Kit.newRunId();
        String name = "ct-journey-" + reuse;
        CloudFormationClient cfn = moto.cloudFormation();

        Kit.on(moto)
                .with(CloudTestConfig.REUSE.name(), reuse)
                .run(StageA.class)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        Stack created = cfn.describeStacks(r -> r.stackName(name)).stacks().get(0);
        int events =
                cfn.describeStackEvents(r -> r.stackName(name)).stackEvents().size();
        assertThat(created.stackStatus()).as("kept after the run").isEqualTo(StackStatus.CREATE_COMPLETE);

        Kit.on(moto)
                .with(CloudTestConfig.REUSE.name(), reuse)
                .run(StageA.class)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        Stack reused = cfn.describeStacks(r -> r.stackName(name)).stacks().get(0);
        assertThat(reused.stackId()).isEqualTo(created.stackId());
        assertThat(reused.lastUpdatedTime()).as("not updated").isNull();
        assertThat(cfn.describeStackEvents(r -> r.stackName(name)).stackEvents())
                .as("no CloudFormation write")
                .hasSize(events);

        Kit.on(moto)
                .with(CloudTestConfig.REUSE.name(), reuse)
                .run(StageB.class)
                .testEvents()
                .assertStatistics(s -> s.succeeded(1));
        Stack updated = cfn.describeStacks(r -> r.stackName(name)).stacks().get(0);
        assertThat(updated.stackId()).as("updated in place, not recreated").isEqualTo(created.stackId());
        assertThat(updated.stackStatus()).isEqualTo(StackStatus.UPDATE_COMPLETE);
        assertThat(updated.outputs()).anySatisfy(o -> {
            assertThat(o.outputKey()).isEqualTo("Stage");
            assertThat(o.outputValue()).isEqualTo("b");
        });

        cfn.deleteStack(r -> r.stackName(created.stackId()));
    }

    @OnlyInEngineTestKit
    @CloudStack(id = "journey", template = "stacks/journey.yaml", parameters = "Stage=a")
    static class StageA {
        @Test
        void sees_stage_a(@Output("Stage") String stage) {
            assertThat(stage).isEqualTo("a");
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(id = "journey", template = "stacks/journey.yaml", parameters = "Stage=b")
    static class StageB {
        @Test
        void sees_stage_b(@Output("Stage") String stage) {
            assertThat(stage).isEqualTo("b");
        }
    }
}
