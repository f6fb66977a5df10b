package dev.cloudtest.core.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {

    @Test
    void at_most_is_the_deadline_and_the_alias_is_in_the_failure() {
        assertThatThrownBy(() -> Eventually.await("order 42 in the table")
                        .atMost(Duration.ofMillis(100))
                        .until(() -> 0, n -> n > 0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("order 42 in the table: not satisfied within 100 ms")
                .hasMessageContaining("last value: 0");
    }

    @Test
    void during_requires_the_condition_for_the_whole_period_and_fails_when_it_breaks() {
        AtomicInteger invocations = new AtomicInteger();

        assertThatThrownBy(() -> Eventually.await("no second invocation")
                        .during(Duration.ofSeconds(5))
                        .until(invocations::incrementAndGet, n -> n <= 2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no second invocation: broken after")
                .hasMessageContaining("value: 3");
    }

    @Test
    void during_holds_for_the_period_also_with_an_assertion() {
        long started = System.nanoTime();

        Eventually.await("the table stays empty").during(Duration.ofMillis(200)).untilAsserted(() -> assertThat(0)
                .isZero());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void an_assertion_that_breaks_during_the_period_fails_with_it() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> Eventually.await("no dead letter")
                        .during(Duration.ofSeconds(5))
                        .untilAsserted(() -> assertThat(calls.incrementAndGet()).isLessThan(2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no dead letter: broken after");
    }

    @Test
    void periods_that_are_not_positive_are_refused_naming_the_word() {
        assertThatThrownBy(() -> Eventually.await("x").atMost(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("atMost must be positive");
        assertThatThrownBy(() -> Eventually.await("x").during(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("during must be positive");
    }
}
