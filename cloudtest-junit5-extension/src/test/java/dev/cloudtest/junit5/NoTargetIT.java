package dev.cloudtest.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.cloudtest.core.exception.TargetUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** Without a usable target the classes are skipped with the reason, or fail when a target is required. */
class NoTargetIT {

    @Test
    void with_skip_without_target_every_test_is_skipped_with_the_reason() throws IOException {
        String endpoint = closedLoopbackEndpoint();

        EngineExecutionResults results = Kit.withoutMoto(endpoint)
                .with("cloudtest.skip-without-target", "true")
                .run(LifecycleIT.TwoTests.class);

        results.testEvents().assertStatistics(s -> s.started(0).failed(0));
        Event skipped = results.containerEvents().skipped().list().get(0);
        assertThat(skipped.getRequiredPayload(String.class))
                .startsWith("cloudtest: no usable target, " + LifecycleIT.TwoTests.class.getName()
                        + " skipped (skipWithoutTarget): The endpoint " + endpoint + " does not answer");
    }

    @Test
    void a_class_declaring_skip_without_target_is_skipped_and_others_still_fail() throws IOException {
        String endpoint = closedLoopbackEndpoint();

        EngineExecutionResults skipping = Kit.withoutMoto(endpoint).run(SkipsWithoutTarget.class);
        EngineExecutionResults failing = Kit.withoutMoto(endpoint).run(LifecycleIT.TwoTests.class);

        skipping.testEvents().assertStatistics(s -> s.started(0).failed(0));
        assertThat(skipping.containerEvents().skipped().list()).hasSize(1);
        failing.containerEvents().assertStatistics(s -> s.skipped(0).failed(1));
    }

    /** Skips itself without a target; run only through the kit. */
    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml", skipWithoutTarget = true)
    static class SkipsWithoutTarget {
        @org.junit.jupiter.api.Test
        void never_runs() {}
    }

    @Test
    void by_default_the_class_fails_naming_the_cause_instead_of_passing_green() throws IOException {
        String endpoint = closedLoopbackEndpoint();

        EngineExecutionResults results =
                Kit.withoutMoto(endpoint).without("cloudtest.require-target").run(LifecycleIT.TwoTests.class);

        results.containerEvents().assertStatistics(s -> s.skipped(0));
        results.containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        finishedWithFailure(
                                instanceOf(TargetUnavailableException.class),
                                message(m -> m.contains(endpoint + " does not answer"))));
    }

    /** A loopback port nothing listens on: bound by the OS, then released. */
    private static String closedLoopbackEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
