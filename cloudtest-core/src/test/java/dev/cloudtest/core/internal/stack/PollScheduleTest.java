package dev.cloudtest.core.internal.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

    private final PollSchedule schedule = new PollSchedule(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));

    @Test
    void first_interval_is_the_configured_one() {
        assertThat(schedule.interval(0)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void interval_grows_by_the_factor() {
        assertThat(schedule.interval(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(schedule.interval(3)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void interval_stops_at_the_cap() {
        assertThat(schedule.interval(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.interval(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void emulators_poll_faster_than_aws() {
        assertThat(PollSchedule.forTarget(true)).isEqualTo(PollSchedule.EMULATOR);
        assertThat(PollSchedule.forTarget(false)).isEqualTo(PollSchedule.AWS);
        assertThat(PollSchedule.EMULATOR.interval(0)).isLessThan(PollSchedule.AWS.interval(0));
    }
}
