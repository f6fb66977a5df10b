package dev.cloudtest.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parses_each_single_unit() {
        assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
        assertThat(Durations.parse("30m")).contains(Duration.ofMinutes(30));
        assertThat(Durations.parse("2h")).contains(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).contains(Duration.ofDays(1));
    }

    @Test
    void adds_up_combined_units() {
        assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
        assertThat(Durations.parse("1m500ms")).contains(Duration.ofMillis(60_500));
    }

    @Test
    void accepts_iso_8601_in_any_case() {
        assertThat(Durations.parse("PT2H")).contains(Duration.ofHours(2));
        assertThat(Durations.parse("pt1h30m")).contains(Duration.ofMinutes(90));
    }

    @Test
    void ignores_surrounding_whitespace_and_unit_case() {
        assertThat(Durations.parse(" 2H ")).contains(Duration.ofHours(2));
    }

    @Test
    void refuses_text_between_parts() {
        assertThat(Durations.parse("1h 30m")).isEmpty();
    }

    @Test
    void refuses_a_number_without_unit() {
        assertThat(Durations.parse("90")).isEmpty();
    }

    @Test
    void refuses_trailing_garbage() {
        assertThat(Durations.parse("2hours")).isEmpty();
    }

    @Test
    void refuses_empty_text() {
        assertThat(Durations.parse("")).isEmpty();
    }

    @Test
    void refuses_invalid_iso_8601() {
        assertThat(Durations.parse("P2X")).isEmpty();
    }

    @Test
    void refuses_amounts_too_large_for_a_duration() {
        assertThat(Durations.parse("9999999999999999h")).isEmpty();
        assertThat(Durations.parse("99999999999999999999s")).isEmpty();
    }

    @Test
    void formats_milliseconds_seconds_and_minutes() {
        assertThat(Durations.format(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Durations.format(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
        assertThat(Durations.format(Duration.ofSeconds(245))).isEqualTo("4m05s");
    }
}
