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
 * assertThat(events).during(Duration.ofSeconds(2)).hasNoMessageMatching("OrderRejected", m -> ...);
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

    /**
     * Starts an assertion on a capture; it waits for the capture's own timeout unless {@link #atMost} or {@link
     * #during} says otherwise.
     */
    public static MessageCaptureAssert assertThat(MessageCapture capture) {
        return new MessageCaptureAssert(capture, own(capture));
    }

    /**
     * Waits for the capture's own timeout for what follows: the one its probes were given ({@code
     * probes.atMost(...)}), else {@code cloudtest.await.timeout}.
     */
    public MessageCaptureAssert eventually() {
        return new MessageCaptureAssert(actual, own(actual));
    }

    /** A message must arrive within {@code timeout}: the deadline of {@link #hasMessageMatching}. */
    public MessageCaptureAssert atMost(Duration timeout) {
        return new MessageCaptureAssert(actual, positive("atMost", timeout));
    }

    /** No message may arrive during {@code period}: the quiet period of {@link #hasNoMessageMatching}. */
    public MessageCaptureAssert during(Duration period) {
        return new MessageCaptureAssert(actual, positive("during", period));
    }

    private static Duration own(MessageCapture capture) {
        return capture == null ? Eventually.configuredTimeout() : capture.timeout();
    }

    private static Duration positive(String what, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration;
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
