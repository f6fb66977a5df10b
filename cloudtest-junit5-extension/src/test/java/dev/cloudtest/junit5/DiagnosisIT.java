package dev.cloudtest.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.junit5.internal.StackDiagnosis;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/** A failed journey test's report says what the stack did: its recent events and the logs during the test. */
@ExtendWith(Moto.Resolver.class)
class DiagnosisIT {

    @Test
    void a_failed_test_reports_the_stack_events_and_its_log_lines(Moto moto) {
        EngineExecutionResults results = Kit.on(moto).run(FailingJourney.class);

        results.testEvents().assertStatistics(s -> s.failed(1));
        String events = Kit.reported(results, "cloudtest.journey.events").get(0);
        assertThat(events)
                .startsWith("stack ct-journey-")
                .contains("newest first")
                // moto reports stack-level events only; AWS adds one per resource.
                .containsPattern("\\n  \\S+Z ct-journey-\\S+ AWS::CloudFormation::Stack CREATE_COMPLETE\\n")
                .containsPattern("AWS::CloudFormation::Stack CREATE_IN_PROGRESS: User Initiated$");
        String logs = Kit.reported(results, "cloudtest.journey.logs").get(0);
        assertThat(logs).contains("/cloudtest/ct-journey-").contains("orders: payment declined for order 42");
        Event failed = results.testEvents().failed().list().get(0);
        Throwable thrown = Kit.thrown(failed);
        assertThat(thrown).isInstanceOf(AssertionError.class).hasMessage("order 42 was not confirmed");
        assertThat(thrown.getSuppressed())
                .singleElement()
                .isInstanceOf(StackDiagnosis.class)
                .extracting(Throwable::getMessage)
                .asString()
                .contains("AWS::CloudFormation::Stack CREATE_COMPLETE")
                .contains("payment declined for order 42");
    }

    @Test
    void a_passing_test_reports_nothing(Moto moto) {
        EngineExecutionResults results = Kit.on(moto).run(LifecycleIT.TwoTests.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(Kit.reported(results, "cloudtest.journey.events")).isEmpty();
    }

    @OnlyInEngineTestKit
    @CloudStack(template = "stacks/journey.yaml")
    static class FailingJourney {
        @Test
        void order_is_confirmed(@Output("LogGroupName") String group, CloudWatchLogsClient logs) {
            // What the system under test would log while the journey runs.
            logs.createLogStream(r -> r.logGroupName(group).logStreamName("orders"));
            logs.putLogEvents(r -> r.logGroupName(group)
                    .logStreamName("orders")
                    .logEvents(InputLogEvent.builder()
                            .timestamp(Instant.now().toEpochMilli())
                            .message("orders: payment declined for order 42")
                            .build()));
            throw new AssertionError("order 42 was not confirmed");
        }
    }
}
