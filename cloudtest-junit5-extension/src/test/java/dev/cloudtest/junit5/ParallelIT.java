package dev.cloudtest.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.Stack;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Classes running concurrently each get their own stack from the one run, and both pass. */
@ExtendWith(Moto.Resolver.class)
class ParallelIT {
    /** Both classes' tests meet here: proof that they run at the same time, each with its stack up. */
    private static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

    @Test
    void two_classes_in_parallel_each_get_their_own_stack_and_pass(Moto moto) {
        Kit kit = Kit.on(moto)
                .with("junit.jupiter.execution.parallel.enabled", "true")
                .with("junit.jupiter.execution.parallel.mode.default", "same_thread")
                .with("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .with("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .with("junit.jupiter.execution.parallel.config.fixed.parallelism", "2");

        EngineExecutionResults results = kit.run(Left.class, Right.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(Kit.reported(results, "stack")).hasSize(2).doesNotHaveDuplicates();
        assertThat(kit.outcomes()).hasSize(2).containsOnlyKeys(Kit.reported(results, "stack"));
        assertThat(kit.outcomes().values()).containsOnly("deleted");
    }

    @OnlyInEngineTestKit
    @CloudStack(id = "left", template = "stacks/journey.yaml")
    static class Left {
        @Test
        void runs_alongside_right(Stack stack, org.junit.jupiter.api.TestReporter reporter) throws Exception {
            reporter.publishEntry("stack", stack.name());
            BOTH_RUNNING.await(60, TimeUnit.SECONDS);
        }
    }

    @OnlyInEngineTestKit
    @CloudStack(id = "right", template = "stacks/journey.yaml")
    static class Right {
        @Test
        void runs_alongside_left(Stack stack, org.junit.jupiter.api.TestReporter reporter) throws Exception {
            reporter.publishEntry("stack", stack.name());
            BOTH_RUNNING.await(60, TimeUnit.SECONDS);
        }
    }
}
