package dev.cloudtest.core.journey;

import java.time.Duration;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions over a {@link MessageCapture}:
 *
 * <pre>{@code
 * import static dev.cloudtest.core.journey.MessageCaptureAssert.assertThat;
 *
 * assertThat(events).eventually().hasMessageMatching("OrderPlaced for 42", m -> m.at("/detail/orderId").orElse("").equals("42"));
 * assertThat(events).within(Duration.ofSeconds(2)).hasNoMessageMatching("OrderRejected", m -> ...);
 * }</pre>
 *
 * Failures say what was expected and what was seen instead.
 */
public final class MessageCaptureAssert extends AbstractAssert<MessageCaptureAssert, MessageCapture> {
    private final Duration window;

    private MessageCaptureAssert(MessageCapture actual, Duration window) {
        super(actual, MessageCaptureAssert.class);
        this.window = window;
    }

    /** Starts an assertion on a capture; it waits for the capture's own timeout unless {@link #within} says more. */
    public static MessageCaptureAssert assertThat(MessageCapture capture) {
        return new MessageCaptureAssert(capture, capture == null ? Eventually.DEFAULT_TIMEOUT : capture.timeout());
    }

    /**
     * Waits for the capture's own timeout for what follows: the one its probes were given ({@code
     * probes.withTimeout(...)}), else {@code cloudtest.await.timeout}.
     */
    public MessageCaptureAssert eventually() {
        return new MessageCaptureAssert(actual, actual == null ? Eventually.DEFAULT_TIMEOUT : actual.timeout());
    }

    /** Waits (or, for a negative assertion, listens) for {@code duration}. */
    public MessageCaptureAssert within(Duration duration) {
        return new MessageCaptureAssert(actual, duration);
    }

    /** A message matching {@code matching} arrives within the window. */
    public MessageCaptureAssert hasMessageMatching(String description, Predicate<CapturedMessage> matching) {
        isNotNull();
        actual.awaitMessage(description, matching, window);
        return this;
    }

    /** No message matching {@code matching} arrives within the window (a quiet period). */
    public MessageCaptureAssert hasNoMessageMatching(String description, Predicate<CapturedMessage> matching) {
        isNotNull();
        actual.assertNoMessage(description, matching, window);
        return this;
    }
}
