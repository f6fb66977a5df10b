package dev.cloudtest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.internal.target.ClientFactory;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class StackTest {
    // Nothing calls the endpoint: the factory only exists because a Stack needs a session.
    private final ClientFactory clients = new ClientFactory(
            "us-east-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
            Optional.of(URI.create("http://127.0.0.1:1")),
            true);

    private final Stack stack = new Stack(
            "orders",
            "ct-orders-r1",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/ct-orders-r1/1",
            Map.of("QueueUrl", "http://q", "BucketName", "b"),
            Map.of("Queue", "http://q", "Bucket", "b"),
            Map.of("Queue", "AWS::SQS::Queue", "Bucket", "AWS::S3::Bucket"),
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T03:00:00Z"),
            new CloudSession(
                    TargetKind.ENDPOINT,
                    "us-east-1",
                    Optional.of(URI.create("http://127.0.0.1:1")),
                    "123456789012",
                    clients));

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void output_returns_the_value() {
        assertThat(stack.output("QueueUrl")).isEqualTo("http://q");
    }

    @Test
    void unknown_output_lists_the_available_outputs() {
        assertThatThrownBy(() -> stack.output("QueueArn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ct-orders-r1 has no output 'QueueArn'")
                .hasMessageContaining("[BucketName, QueueUrl]");
    }

    @Test
    void physical_id_returns_the_value() {
        assertThat(stack.physicalId("Bucket")).isEqualTo("b");
    }

    @Test
    void unknown_logical_id_lists_the_resources() {
        assertThatThrownBy(() -> stack.physicalId("Table"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no resource 'Table'")
                .hasMessageContaining("[Bucket, Queue]");
    }

    @Test
    void outputs_cannot_be_modified() {
        assertThatThrownBy(() -> stack.outputs().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
