package dev.cloudtest.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AwsCallTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CreateStack",
                "DeleteStack",
                "UpdateStack",
                "PutParameter",
                "SendMessage",
                "TagQueue",
                "ExecuteChangeSet",
                "SetQueueAttributes",
                "Subscribe",
                "Publish",
                "StartExecution",
                "PurgeQueue",
                "SomethingNew"
            })
    void operations_that_are_not_known_reads_count_as_mutating(String operation) {
        assertThat(AwsCall.isRead(operation)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GetCallerIdentity",
                "ListAccountAliases",
                "DescribeStacks",
                "GetParameter",
                "ListQueues",
                "ListQueueTags",
                "ValidateTemplate"
            })
    void known_reads_are_read_only(String operation) {
        assertThat(AwsCall.isRead(operation)).isTrue();
    }
}
