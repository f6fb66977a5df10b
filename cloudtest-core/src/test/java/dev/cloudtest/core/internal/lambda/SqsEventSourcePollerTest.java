package dev.cloudtest.core.internal.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cloudtest.core.exception.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Lambda's rules for an SQS event source mapping: a ReportBatchItemFailures response, the allowed batching settings,
 * the invocation payload limit, and DeleteMessageBatch's ten entries.
 */
class SqsEventSourcePollerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MAPPING = "Template t.yaml: event source mapping WorkMapping";
    private static final List<Message> BATCH = List.of(
            Message.builder().messageId("a").build(),
            Message.builder().messageId("b").build(),
            Message.builder().messageId("c").build());

    @Test
    void reported_ids_are_the_failures() {
        assertThat(SqsEventSourcePoller.reportedFailures(
                        "{\"batchItemFailures\": [{\"itemIdentifier\": \"b\"}]}", BATCH))
                .containsExactly("b");
    }

    @Test
    void an_empty_list_a_null_result_or_no_field_mean_all_succeeded() {
        assertThat(SqsEventSourcePoller.reportedFailures("{\"batchItemFailures\": []}", BATCH))
                .isEmpty();
        assertThat(SqsEventSourcePoller.reportedFailures("null", BATCH)).isEmpty();
        assertThat(SqsEventSourcePoller.reportedFailures("{}", BATCH)).isEmpty();
    }

    @Test
    void an_unknown_or_empty_id_fails_the_whole_batch() {
        assertThat(SqsEventSourcePoller.reportedFailures(
                        "{\"batchItemFailures\": [{\"itemIdentifier\": \"zz\"}]}", BATCH))
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(SqsEventSourcePoller.reportedFailures(
                        "{\"batchItemFailures\": [{\"itemIdentifier\": \"\"}]}", BATCH))
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void a_response_that_is_not_json_fails_the_whole_batch() {
        assertThat(SqsEventSourcePoller.reportedFailures("not json", BATCH)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void batching_defaults_to_ten_messages_without_a_window() {
        assertThat(SqsEventSourcePoller.Batching.of(MAPPING, properties("{}"), false))
                .isEqualTo(new SqsEventSourcePoller.Batching(10, Duration.ZERO));
    }

    @Test
    void batch_size_over_ten_is_accepted_with_a_window_also_as_text_from_a_parameter() {
        assertThat(SqsEventSourcePoller.Batching.of(
                        MAPPING, properties("{\"BatchSize\": 25, \"MaximumBatchingWindowInSeconds\": 2}"), false))
                .isEqualTo(new SqsEventSourcePoller.Batching(25, Duration.ofSeconds(2)));
        assertThat(SqsEventSourcePoller.Batching.of(
                        MAPPING,
                        properties("{\"BatchSize\": \"10000\", \"MaximumBatchingWindowInSeconds\": \"300\"}"),
                        false))
                .isEqualTo(new SqsEventSourcePoller.Batching(10_000, Duration.ofSeconds(300)));
    }

    @Test
    void batch_size_outside_one_to_ten_thousand_is_refused_naming_mapping_value_and_range() {
        for (int size : new int[] {0, 10_001}) {
            assertThatThrownBy(() -> SqsEventSourcePoller.Batching.of(
                            MAPPING,
                            properties("{\"BatchSize\": " + size + ", \"MaximumBatchingWindowInSeconds\": 1}"),
                            false))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("WorkMapping")
                    .hasMessageContaining("BatchSize " + size)
                    .hasMessageContaining("1 to 10000");
        }
    }

    @Test
    void window_outside_zero_to_three_hundred_seconds_is_refused_naming_mapping_value_and_range() {
        for (int window : new int[] {-1, 301}) {
            assertThatThrownBy(() -> SqsEventSourcePoller.Batching.of(
                            MAPPING, properties("{\"MaximumBatchingWindowInSeconds\": " + window + "}"), false))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("WorkMapping")
                    .hasMessageContaining("MaximumBatchingWindowInSeconds " + window)
                    .hasMessageContaining("0 to 300");
        }
    }

    @Test
    void batch_size_over_ten_without_a_window_is_refused_as_aws_refuses_the_mapping() {
        assertThatThrownBy(() -> SqsEventSourcePoller.Batching.of(MAPPING, properties("{\"BatchSize\": 11}"), false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("WorkMapping has BatchSize 11 without a batching window")
                .hasMessageContaining("AWS rejects this mapping")
                .hasMessageContaining("Set MaximumBatchingWindowInSeconds to 1 to 300, or BatchSize to 10 or less");
    }

    @Test
    void fifo_queue_takes_at_most_ten_messages_and_no_window() {
        assertThat(SqsEventSourcePoller.Batching.of(MAPPING, properties("{\"BatchSize\": 10}"), true))
                .isEqualTo(new SqsEventSourcePoller.Batching(10, Duration.ZERO));
        assertThatThrownBy(() -> SqsEventSourcePoller.Batching.of(
                        MAPPING, properties("{\"BatchSize\": 11, \"MaximumBatchingWindowInSeconds\": 1}"), true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("BatchSize 11 for a FIFO queue");
        assertThatThrownBy(() -> SqsEventSourcePoller.Batching.of(
                        MAPPING, properties("{\"MaximumBatchingWindowInSeconds\": 1}"), true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no batching window for FIFO queues");
    }

    @Test
    void a_value_that_is_not_a_whole_number_is_refused() {
        assertThatThrownBy(
                        () -> SqsEventSourcePoller.Batching.of(MAPPING, properties("{\"BatchSize\": \"ten\"}"), false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("WorkMapping has BatchSize 'ten', which is not a whole number");
    }

    @Test
    void messages_that_would_take_the_bodies_beyond_six_megabytes_are_left_for_the_next_batch() {
        // 6 MB = 6,291,456 bytes; in order, so the small last message waits behind the one that overflows.
        List<Message> received = List.of(body(3_000_000), body(3_000_000), body(300_000), body(10));

        assertThat(SqsEventSourcePoller.fittingPayload(true, 0, received)).isEqualTo(2);
        assertThat(SqsEventSourcePoller.fittingPayload(false, 3_000_000, received))
                .isEqualTo(1);
        assertThat(SqsEventSourcePoller.fittingPayload(false, 0, List.of(body(10), body(20))))
                .isEqualTo(2);
    }

    @Test
    void a_record_counts_with_what_it_carries_besides_its_body() {
        Message small = Message.builder()
                .messageId("m-1")
                .body("x")
                .receiptHandle("r".repeat(400))
                .attributesWithStrings(Map.of("SentTimestamp", "1700000000000"))
                .build();

        assertThat(SqsEventSourcePoller.recordBytes(small))
                .as("10,000 one-byte messages do not make a 10 kB event")
                .isGreaterThan(1_000);
        assertThat(SqsEventSourcePoller.fittingPayload(false, 0, java.util.Collections.nCopies(10_000, small)))
                .isLessThan(10_000);
    }

    @Test
    void a_body_counts_as_escaped_in_the_events_json() {
        Message plain = Message.builder().body("a".repeat(1000)).build();
        Message quoted = Message.builder().body("\"".repeat(1000)).build();

        assertThat(SqsEventSourcePoller.recordBytes(quoted) - SqsEventSourcePoller.recordBytes(plain))
                .isEqualTo(1000);
    }

    @Test
    void the_first_message_of_an_empty_batch_always_fits_so_no_batch_is_empty() {
        List<Message> received = List.of(body(7_000_000), body(10));

        assertThat(SqsEventSourcePoller.fittingPayload(true, 0, received)).isEqualTo(1);
        assertThat(SqsEventSourcePoller.fittingPayload(false, 1, received)).isZero();
    }

    @Test
    void deletions_go_in_chunks_of_at_most_ten_in_order() {
        List<Integer> ids = IntStream.range(0, 25).boxed().toList();

        List<List<Integer>> chunks = SqsEventSourcePoller.chunks(ids, SqsEventSourcePoller.SQS_BATCH_LIMIT);

        assertThat(chunks).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(ids);
        assertThat(SqsEventSourcePoller.chunks(List.of(), 10)).isEmpty();
        assertThat(SqsEventSourcePoller.chunks(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 10))
                .hasSize(1);
    }

    private static JsonNode properties(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Message body(int bytes) {
        return Message.builder().messageId("m" + bytes).body("x".repeat(bytes)).build();
    }
}
