package dev.cloudtest.core.internal.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.LocalFunction;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.exception.LocalFunctionException;
import dev.cloudtest.core.internal.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The stream poller's batching, filters, retries, partial failures, bisection and on-failure records. */
class StreamEventSourcePollerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One shard holding records "1".."n" (data = sequence number), read in pages. */
    private static final class FakeShard implements StreamRecords {
        private final List<String> data;
        private final Instant arrival;

        FakeShard(String... data) {
            this(Instant.now(), data);
        }

        FakeShard(Instant arrival, String... data) {
            this.data = List.of(data);
            this.arrival = arrival;
        }

        @Override
        public String arn() {
            return "arn:aws:kinesis:us-east-1:123456789012:stream/s";
        }

        @Override
        public String batchInfoName() {
            return "KinesisBatchInfo";
        }

        @Override
        public List<String> shardIds() {
            return List.of("shardId-0");
        }

        @Override
        public String iterator(String shardId, String position, Optional<Instant> timestamp) {
            return "0";
        }

        @Override
        public Page read(String shardId, String iterator, int limit) {
            int from = Integer.parseInt(iterator);
            int to = Math.min(data.size(), from + limit);
            List<StreamRecord> records = new ArrayList<>();
            for (int i = from; i < to; i++) {
                ObjectNode event = JSON.createObjectNode()
                        .put("seq", Integer.toString(i + 1))
                        .put("data", data.get(i));
                records.add(new StreamRecord(Integer.toString(i + 1), event, event, arrival));
            }
            return new Page(records, Optional.of(Integer.toString(to)));
        }
    }

    /** Records every batch (the sequence numbers in it) and answers with {@code answer}. */
    private static final class FakeFunction implements LocalFunction {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        private final Function<List<JsonNode>, String> answer;

        FakeFunction(Function<List<JsonNode>, String> answer) {
            this.answer = answer;
        }

        @Override
        public String invoke(String eventJson) {
            try {
                List<JsonNode> records = new ArrayList<>();
                JSON.readTree(eventJson).path("Records").forEach(records::add);
                batches.add(records.stream().map(r -> r.path("seq").asText()).toList());
                return answer.apply(records);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String logicalId() {
            return "F";
        }

        @Override
        public String functionName() {
            return "f";
        }

        @Override
        public String handler() {
            return "h";
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(3);
        }
    }

    private static LocalFunctionException failure() {
        return new LocalFunctionException("F", "f", "java.lang.IllegalStateException", "poison", List.of(), "");
    }

    private static List<String[]> run(FakeShard shard, FakeFunction function, String mapping, int expectedBatches)
            throws Exception {
        List<String[]> sent = new CopyOnWriteArrayList<>();
        StreamEventSourcePoller poller = new StreamEventSourcePoller(
                shard,
                function,
                "arn:aws:lambda:us-east-1:123456789012:function:f",
                StreamEventSourcePoller.Settings.of("M", JSON.readTree(mapping)),
                (arn, record) -> sent.add(new String[] {arn, record}));
        poller.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> function.batches.size() >= expectedBatches);
            Thread.sleep(300); // nothing more should come
        } finally {
            poller.close();
        }
        return sent;
    }

    @Test
    void batches_of_batch_size_in_shard_order_and_filtered_records_skipped() throws Exception {
        FakeFunction function = new FakeFunction(records -> "null");
        run(
                new FakeShard("a", "skip", "b", "c", "d"),
                function,
                "{\"BatchSize\": 2, \"FilterCriteria\": {\"Filters\": [{\"Pattern\": "
                        + "\"{\\\"data\\\": [{\\\"anything-but\\\": [\\\"skip\\\"]}]}\"}]}}",
                3);

        assertThat(function.batches).containsExactly(List.of("1"), List.of("3", "4"), List.of("5"));
    }

    @Test
    void a_failing_batch_blocks_its_shard_until_retries_run_out_then_goes_to_the_failure_destination()
            throws Exception {
        FakeFunction function = new FakeFunction(records -> {
            if (records.stream().anyMatch(r -> r.path("data").asText().equals("poison"))) {
                throw failure();
            }
            return "null";
        });
        List<String[]> sent = run(
                new FakeShard("poison", "after"),
                function,
                "{\"BatchSize\": 1, \"MaximumRetryAttempts\": 2, "
                        + "\"DestinationConfig\": {\"OnFailure\": {\"Destination\": \"arn:aws:sqs:us-east-1:1:dlq\"}}}",
                4);

        assertThat(function.batches)
                .as("three attempts at the poison record, and only then the next record")
                .containsExactly(List.of("1"), List.of("1"), List.of("1"), List.of("2"));
        assertThat(sent).hasSize(1);
        JsonNode record = JSON.readTree(sent.get(0)[1]);
        assertThat(sent.get(0)[0]).isEqualTo("arn:aws:sqs:us-east-1:1:dlq");
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(record.path("KinesisBatchInfo").path("startSequenceNumber").asText())
                .isEqualTo("1");
        assertThat(record.path("KinesisBatchInfo").path("batchSize").asInt()).isEqualTo(1);
    }

    @Test
    void reported_item_failures_resume_at_the_lowest_one_and_bisection_isolates_the_poison() throws Exception {
        FakeFunction function = new FakeFunction(records -> {
            for (JsonNode r : records) {
                if (r.path("data").asText().equals("poison")) {
                    return "{\"batchItemFailures\": [{\"itemIdentifier\": \""
                            + r.path("seq").asText() + "\"}]}";
                }
            }
            return "{\"batchItemFailures\": []}";
        });
        List<String[]> sent = run(
                new FakeShard("a", "poison", "b", "c"),
                function,
                "{\"BatchSize\": 10, \"FunctionResponseTypes\": [\"ReportBatchItemFailures\"], "
                        + "\"BisectBatchOnFunctionError\": true, \"MaximumRetryAttempts\": 0, "
                        + "\"DestinationConfig\": {\"OnFailure\": {\"Destination\": \"arn:aws:sns:us-east-1:1:t\"}}}",
                3);

        assertThat(function.batches)
                .as("record 1 is never retried; the rest, from the failure on, is bisected")
                .containsExactly(List.of("1", "2", "3", "4"), List.of("2"), List.of("3", "4"));
        assertThat(sent).hasSize(1);
        assertThat(JSON.readTree(sent.get(0)[1])
                        .path("KinesisBatchInfo")
                        .path("startSequenceNumber")
                        .asText())
                .isEqualTo("2");
    }

    @Test
    void a_failing_batch_older_than_the_maximum_record_age_is_given_up_on_at_once() throws Exception {
        FakeFunction function = new FakeFunction(records -> {
            throw failure();
        });
        List<String[]> sent = run(
                new FakeShard(Instant.now().minusSeconds(3600), "old"),
                function,
                "{\"BatchSize\": 1, \"MaximumRecordAgeInSeconds\": 60, "
                        + "\"DestinationConfig\": {\"OnFailure\": {\"Destination\": \"arn:aws:sqs:us-east-1:1:dlq\"}}}",
                1);

        assertThat(function.batches)
                .as("no retry: unlimited retries, but the record is too old")
                .hasSize(1);
        assertThat(JSON.readTree(sent.get(0)[1])
                        .path("requestContext")
                        .path("condition")
                        .asText())
                .isEqualTo("RecordAgeExceeded");
    }

    @Test
    void an_item_failure_outside_the_batch_fails_the_whole_batch() throws Exception {
        FakeFunction function = new FakeFunction(records -> records.size() > 1
                ? "{\"batchItemFailures\": [{\"itemIdentifier\": \"nope\"}]}"
                : "{\"batchItemFailures\": []}");
        run(
                new FakeShard("a", "b"),
                function,
                "{\"BatchSize\": 2, \"FunctionResponseTypes\": [\"ReportBatchItemFailures\"], "
                        + "\"BisectBatchOnFunctionError\": true}",
                3);

        assertThat(function.batches).containsExactly(List.of("1", "2"), List.of("1"), List.of("2"));
    }

    @Test
    void a_stream_mapping_without_a_valid_starting_position_is_refused_before_anything_is_created() {
        Template template = Template.parse(
                """
                Resources:
                  Clicks: {Type: AWS::Kinesis::Stream, Properties: {ShardCount: 1}}
                  F: {Type: AWS::Lambda::Function, Properties: {Runtime: java17, Handler: a.B}}
                  M:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties: {FunctionName: !Ref F, EventSourceArn: !GetAtt Clicks.Arn}
                """,
                "test");
        assertThatThrownBy(() -> FunctionPlan.check(template, Map.of(), id -> true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("event source mapping M reads a stream")
                .hasMessageContaining("TRIM_HORIZON, LATEST or AT_TIMESTAMP; it has none");
    }
}
