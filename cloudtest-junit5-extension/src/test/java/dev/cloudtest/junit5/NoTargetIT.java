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
    void every_test_is_skipped_with_the_reason_when_the_endpoint_does_not_answer() throws IOException {
        String endpoint = closedLoopbackEndpoint();

        EngineExecutionResults results = Kit.withoutMoto(endpoint)
                .with("cloudtest.require-target", "false")
                .run(LifecycleIT.TwoTests.class);

        results.testEvents().assertStatistics(s -> s.started(0).failed(0));
        Event skipped = results.containerEvents().skipped().list().get(0);
        assertThat(skipped.getRequiredPayload(String.class))
                .startsWith("cloudtest: no usable target, tests skipped: The endpoint " + endpoint + " does not answer")
                .contains("Set cloudtest.require-target=true to fail instead of skipping.");
    }

    @Test
    void the_class_fails_when_a_target_is_required() throws IOException {
        String endpoint = closedLoopbackEndpoint();

        EngineExecutionResults results = Kit.withoutMoto(endpoint)
                .with("cloudtest.require-target", "true")
                .run(LifecycleIT.TwoTests.class);

        results.testEvents().assertStatistics(s -> s.started(0));
        results.containerEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        finishedWithFailure(
                                instanceOf(TargetUnavailableException.class),
                                message(m -> m.contains(endpoint + " does not answer"))));
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
