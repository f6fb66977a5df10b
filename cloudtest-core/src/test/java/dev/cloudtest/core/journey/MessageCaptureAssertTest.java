package dev.cloudtest.core.journey;

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
        // probes.withTimeout(...) gives the capture its timeout; eventually() must not replace it by the default
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
    void within_overrides_the_captures_timeout() {
        MessageCapture capture = captureWithTimeout(Duration.ofMinutes(2));

        assertThatThrownBy(() -> MessageCaptureAssert.assertThat(capture)
                        .within(Duration.ofMillis(200))
                        .hasMessageMatching("an OrderPlaced event", m -> true))
                .hasMessageContaining("within 200 ms");
    }
}
