package dev.cloudtest.core.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Messages arriving on a queue — a stack's queue, or the temporary queue of a topic or event bus capture — kept in
 * the order they were seen. Waiting uses SQS long polling, so a message is seen within milliseconds of its arrival.
 * {@link #close()} removes every temporary resource the capture created.
 *
 * <pre>{@code
 * try (MessageCapture events = probes.eventBus(busName, "{\"detail-type\": [\"OrderPlaced\"]}")) {
 *     placeOrder("42");
 *     events.awaitMessage("OrderPlaced for order 42", m -> m.at("/detail/orderId").orElse("").equals("42"));
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class MessageCapture implements AutoCloseable {
    private static final int SHOWN = 5;

    private final String description;
    private final SqsClient sqs;
    private final String queueUrl;
    private final Duration defaultTimeout;
    private final List<Runnable> cleanup;
    private final List<CapturedMessage> seen = new ArrayList<>();
    private final Set<String> seenIds = new LinkedHashSet<>();
    private boolean closed;

    MessageCapture(
            String description, SqsClient sqs, String queueUrl, Duration defaultTimeout, List<Runnable> cleanup) {
        this.description = Objects.requireNonNull(description);
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.defaultTimeout = defaultTimeout;
        this.cleanup = List.copyOf(cleanup);
    }

    /** What this capture listens to, e.g. {@code topic arn:aws:sns:...:orders}. */
    public String description() {
        return description;
    }

    /** How long {@link #awaitMessage(String, Predicate)} and the assertions on this capture wait by default. */
    Duration timeout() {
        return defaultTimeout;
    }

    /** The queue the capture reads. */
    public String queueUrl() {
        return queueUrl;
    }

    /** Every message seen so far, oldest first. */
    public synchronized List<CapturedMessage> messages() {
        return List.copyOf(seen);
    }

    /**
     * Receives what has arrived, waiting up to {@code maxWait} (long polling, at most 20 s a call) for the first
     * message.
     *
     * @return the messages new in this call
     */
    public List<CapturedMessage> poll(Duration maxWait) {
        int waitSeconds = (int) Math.min(20, Math.max(0, maxWait.toSeconds()));
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(waitSeconds)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                .messages();
        List<CapturedMessage> fresh = new ArrayList<>();
        synchronized (this) {
            for (Message message : received) {
                if (seenIds.add(message.messageId())) {
                    Map<String, String> attributes = new LinkedHashMap<>();
                    message.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
                    CapturedMessage captured =
                            new CapturedMessage(message.messageId(), message.body(), attributes, Instant.now());
                    seen.add(captured);
                    fresh.add(captured);
                }
            }
        }
        for (Message message : received) {
            try {
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            } catch (SdkException e) {
                // seen already; a redelivery is ignored by id
            }
        }
        return fresh;
    }

    /** Waits with the default timeout; see {@link #awaitMessage(String, Predicate, Duration)}. */
    public CapturedMessage awaitMessage(String expected, Predicate<CapturedMessage> matching) {
        return awaitMessage(expected, matching, defaultTimeout);
    }

    /**
     * Waits until a message matching {@code matching} has been seen (also one seen before this call) and returns it.
     *
     * @param expected what is expected, for the failure message ("an OrderPlaced event for order 42")
     * @throws AssertionError on timeout, saying what was expected and what was seen instead
     */
    public CapturedMessage awaitMessage(String expected, Predicate<CapturedMessage> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<CapturedMessage> found = firstMatching(matching);
            if (found.isPresent()) {
                return found.get();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("expected " + expected + " within " + Eventually.format(timeout) + " on "
                        + description + "; " + seenInstead());
            }
            poll(Duration.ofNanos(Math.min(remaining, Duration.ofSeconds(1).toNanos())));
        }
    }

    /**
     * Listens for {@code quietPeriod} and fails if a message matching {@code matching} is (or was) seen.
     *
     * @throws AssertionError naming the unexpected message
     */
    public void assertNoMessage(String unexpected, Predicate<CapturedMessage> matching, Duration quietPeriod) {
        long deadline = System.nanoTime() + quietPeriod.toNanos();
        while (true) {
            Optional<CapturedMessage> found = firstMatching(matching);
            if (found.isPresent()) {
                throw new AssertionError("expected no " + unexpected + " on " + description + " (quiet period "
                        + Eventually.format(quietPeriod) + "), but saw: "
                        + found.get().abbreviated(300));
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            poll(Duration.ofNanos(Math.min(remaining, Duration.ofSeconds(1).toNanos())));
        }
    }

    private synchronized Optional<CapturedMessage> firstMatching(Predicate<CapturedMessage> matching) {
        return seen.stream().filter(matching).findFirst();
    }

    /** "captured 2 messages: [...]", the last few, trimmed. */
    synchronized String seenInstead() {
        if (seen.isEmpty()) {
            return "captured no messages.";
        }
        List<CapturedMessage> last = seen.subList(Math.max(0, seen.size() - SHOWN), seen.size());
        return "captured " + seen.size() + " message" + (seen.size() == 1 ? "" : "s")
                + (seen.size() > SHOWN ? " (last " + SHOWN + " shown)" : "") + ":\n"
                + last.stream().map(m -> "  - " + m.abbreviated(300)).collect(Collectors.joining("\n"));
    }

    /** Removes the temporary resources (subscription, rule, queue) the capture created; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        for (Runnable step : cleanup) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "MessageCapture[" + description + ", " + messages().size() + " seen]";
    }
}
