package dev.cloudtest.core.journey;

import dev.cloudtest.core.CloudTestConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.awaitility.pollinterval.PollInterval;

/**
 * Waiting for asynchronous effects with cloud-sensible defaults: the first polls come fast (10 ms, growing ×1.5 to a
 * 1 s cap), the alias appears in the failure message, and a terminal state fails at once instead of waiting out the
 * timeout. Immutable, so it is safe under parallel tests. The words are Awaitility's: {@link #atMost} for a deadline,
 * {@link #during} for a period in which something must keep holding (nothing must happen).
 *
 * <pre>{@code
 * Eventually.await("order 42 in the table")
 *         .atMost(Duration.ofSeconds(10))
 *         .failFast("the execution failed", () -> status() == FAILED)
 *         .untilAsserted(() -> assertThat(table.get("42")).isPresent());
 *
 * Eventually.await("no second invocation")
 *         .during(Duration.ofSeconds(5))
 *         .until(() -> invocations(), count -> count <= 1);
 * }</pre>
 *
 * <p>The default deadline is {@code cloudtest.await.timeout} from every configuration source, {@code
 * cloudtest.properties} included, read when first needed; {@code probes.await(alias)} takes its probes' deadline (the
 * run's configuration, or {@code probes.atMost(...)}).
 */
public final class Eventually {
    private static final PollInterval CLOUD_POLLING = (count, previous) -> count <= 1
            ? Duration.ofMillis(10)
            : Duration.ofMillis(Math.min(1000, Math.max(10, (long) (previous.toMillis() * 1.5))));

    private final String alias;
    private final Duration timeout;
    private final Optional<String> failFastReason;
    private final Optional<BooleanSupplier> failFastCondition;
    private final Optional<Duration> during;

    private Eventually(
            String alias,
            Duration timeout,
            Optional<String> reason,
            Optional<BooleanSupplier> condition,
            Optional<Duration> during) {
        this.alias = Objects.requireNonNull(alias, "alias");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.failFastReason = reason;
        this.failFastCondition = condition;
        this.during = during;
    }

    /** A wait described by {@code alias} ("order 42 in the table"), with the configured deadline. */
    public static Eventually await(String alias) {
        return new Eventually(alias, configuredTimeout(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The same wait with another deadline. */
    public Eventually atMost(Duration timeout) {
        return new Eventually(alias, positive("atMost", timeout), failFastReason, failFastCondition, during);
    }

    /**
     * The same wait turned around: the condition must hold for the whole {@code period}, from now, and the wait fails
     * as soon as it does not (for what must not happen: "no second invocation during 5 s"). The deadline does not
     * apply then.
     */
    public Eventually during(Duration period) {
        return new Eventually(
                alias, timeout, failFastReason, failFastCondition, Optional.of(positive("during", period)));
    }

    /** The same wait, failing at once with {@code reason} when {@code terminal} becomes true (e.g. an execution FAILED). */
    public Eventually failFast(String reason, BooleanSupplier terminal) {
        return new Eventually(alias, timeout, Optional.of(reason), Optional.of(terminal), during);
    }

    /**
     * The deadline a wait has unless told otherwise: {@code cloudtest.await.timeout} from system properties, the
     * environment and {@code cloudtest.properties}, read once, when first needed; 30 s when it cannot be read.
     */
    public static Duration configuredTimeout() {
        return ConfiguredTimeout.VALUE;
    }

    private static Duration positive(String what, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration;
    }

    /** The timeout. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Waits until the assertion passes.
     *
     * @throws AssertionError naming the alias and carrying the last assertion failure, on timeout or fail-fast
     */
    public void untilAsserted(ThrowingRunnable assertion) {
        if (during.isPresent()) {
            holds(
                    during.get(),
                    () -> {
                        try {
                            assertion.run();
                            return null;
                        } catch (AssertionError e) {
                            return e;
                        } catch (Throwable e) {
                            throw new AssertionError(alias + ": the check failed: " + e, e);
                        }
                    },
                    failure -> failure == null);
            return;
        }
        try {
            factory().untilAsserted(assertion);
        } catch (ConditionTimeoutException e) {
            throw timeoutError(e);
        } catch (org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError(alias + ": " + failFastReason.orElse("terminal state reached"), e);
        }
    }

    /**
     * Polls {@code supplier} until its value satisfies {@code condition}, and returns that value.
     *
     * @throws AssertionError naming the alias and the last value seen, on timeout or fail-fast
     */
    public <T> T until(Callable<T> supplier, Predicate<? super T> condition) {
        if (during.isPresent()) {
            return holds(during.get(), supplier, condition);
        }
        Object[] last = new Object[1];
        try {
            return factory()
                    .until(
                            () -> {
                                T value = supplier.call();
                                last[0] = value;
                                return value;
                            },
                            condition::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    alias + ": not satisfied within " + format(timeout) + "; last value: " + last[0], e);
        } catch (org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError(
                    alias + ": " + failFastReason.orElse("terminal state reached") + "; last value: " + last[0], e);
        }
    }

    /** Polls for the whole window; fails as soon as the condition breaks, naming the value and when. */
    private <T> T holds(Duration window, Callable<T> supplier, Predicate<? super T> condition) {
        long started = System.nanoTime();
        long end = started + window.toNanos();
        T value;
        do {
            try {
                value = supplier.call();
            } catch (Exception e) {
                throw new AssertionError(alias + ": the check failed: " + e, e);
            }
            if (!condition.test(value)) {
                throw new AssertionError(alias + ": broken after "
                        + format(Duration.ofNanos(System.nanoTime() - started)) + " of " + format(window)
                        + "; value: " + value);
            }
            try {
                Thread.sleep(Math.max(0, Math.min(250, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(alias + ": interrupted", e);
            }
        } while (System.nanoTime() < end);
        return value;
    }

    private ConditionFactory factory() {
        ConditionFactory factory = Awaitility.await(alias)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(CLOUD_POLLING)
                .pollInSameThread()
                .ignoreExceptionsMatching(e -> e instanceof software.amazon.awssdk.core.exception.SdkException);
        if (failFastCondition.isPresent()) {
            BooleanSupplier terminal = failFastCondition.get();
            factory = factory.failFast(failFastReason.orElse("terminal state"), terminal::getAsBoolean);
        }
        return factory;
    }

    private AssertionError timeoutError(ConditionTimeoutException e) {
        Throwable last = e.getCause();
        String detail = last != null && last.getMessage() != null ? ":\n" + last.getMessage() : "";
        return new AssertionError(alias + ": not satisfied within " + format(timeout) + detail, e);
    }

    static String format(Duration duration) {
        return dev.cloudtest.core.internal.Durations.format(duration);
    }

    /** Read on first use (not when Eventually is loaded), from every source a run reads. */
    private static final class ConfiguredTimeout {
        static final Duration VALUE = read();

        private static Duration read() {
            try {
                return CloudTestConfig.builder().build().awaitTimeout();
            } catch (RuntimeException e) {
                return Duration.ofSeconds(30);
            }
        }
    }
}
