package dev.cloudtest.core.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Lambda's rules for a ReportBatchItemFailures response. */
class SqsEventSourcePollerTest {
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
}
