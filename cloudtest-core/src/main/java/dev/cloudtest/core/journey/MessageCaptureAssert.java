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

    /** Starts an assertion on a capture. */
    public static MessageCaptureAssert assertThat(MessageCapture capture) {
        return new MessageCaptureAssert(capture, Eventually.DEFAULT_TIMEOUT);
    }

    /** Waits for the default timeout ({@code cloudtest.await.timeout}) for what follows. */
    public MessageCaptureAssert eventually() {
        return new MessageCaptureAssert(actual, Eventually.DEFAULT_TIMEOUT);
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
