package dev.cloudtest.core.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

class MessageCaptureAssertTest {
    /** A queue that never has a message: each receive waits a little and answers nothing. */
    private static final SqsClient EMPTY_QUEUE = new SqsClient() {
        @Override
        public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ReceiveMessageResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {}
    };

    private static MessageCapture captureWithTimeout(Duration timeout) {
        return new MessageCapture("queue q", EMPTY_QUEUE, "http://127.0.0.1/q", timeout, List.of());
    }

    @Test
    void eventually_waits_for_the_captures_own_timeout() {
        // probes.atMost(...) gives the capture its timeout; eventually() must not replace it by the default
        MessageCapture capture = captureWithTimeout(Duration.ofMillis(400));

        assertThatThrownBy(() -> MessageCaptureAssert.assertThat(capture)
                        .eventually()
                        .hasMessageMatching("an OrderPlaced event", m -> true))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected an OrderPlaced event within 400 ms on queue q");
    }

    @Test
    void assert_that_alone_waits_for_the_captures_own_timeout() {
        MessageCapture capture = captureWithTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() ->
                        MessageCaptureAssert.assertThat(capture).hasMessageMatching("an OrderPlaced event", m -> true))
                .hasMessageContaining("within 300 ms");
    }

    @Test
    void at_most_overrides_the_captures_timeout() {
        MessageCapture capture = captureWithTimeout(Duration.ofMinutes(2));

        assertThatThrownBy(() -> MessageCaptureAssert.assertThat(capture)
                        .atMost(Duration.ofMillis(200))
                        .hasMessageMatching("an OrderPlaced event", m -> true))
                .hasMessageContaining("within 200 ms");
    }

    @Test
    void during_is_the_quiet_period_of_a_negative_assertion() {
        MessageCapture capture = captureWithTimeout(Duration.ofMinutes(2));
        long started = System.nanoTime();

        MessageCaptureAssert.assertThat(capture)
                .during(Duration.ofMillis(150))
                .hasNoMessageMatching("an OrderRejected event", m -> true);

        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("listened for the quiet period, not the capture's two minutes")
                .isBetween(Duration.ofMillis(150), Duration.ofSeconds(30));
    }

    @Test
    void a_period_that_is_not_positive_is_refused_naming_the_word() {
        MessageCapture capture = captureWithTimeout(Duration.ofSeconds(1));

        assertThatThrownBy(() -> MessageCaptureAssert.assertThat(capture).during(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("during must be positive");
    }
}
