package dev.cloudtest.core.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmulatorLogTimestampsTest {

    @Test
    void fractional_time_fields_become_whole_milliseconds() {
        String moto = "{\"events\": [{\"ingestionTime\": 1796149027175, \"message\": \"a.b 1.5\", "
                + "\"timestamp\": 1796149027175.581}], \"logStreams\": [{\"lastEventTimestamp\": 17.25}]}";

        assertThat(EmulatorLogTimestamps.wholeMilliseconds(moto))
                .isEqualTo("{\"events\": [{\"ingestionTime\": 1796149027175, \"message\": \"a.b 1.5\", "
                        + "\"timestamp\": 1796149027175}], \"logStreams\": [{\"lastEventTimestamp\": 17}]}");
    }

    @Test
    void other_numbers_and_text_are_left_as_they_are() {
        String json = "{\"storedBytes\": 2.5, \"message\": \"\\\"timestamp\\\": 1.5\", \"timestamp\": 12}";

        assertThat(EmulatorLogTimestamps.wholeMilliseconds(json)).isEqualTo(json);
    }
}
