package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class QueueIT {

    static SqsClient sqs() {
        return SqsClient.builder()
                .endpointOverride(URI.create(System.getProperty("cloudtest.endpoint")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @Test
    void a_message_sent_to_the_provisioned_queue_is_received() {
        String queueUrl = System.getProperty("queue.url");
        try (SqsClient sqs = sqs()) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("order-42"));

            List<Message> received = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(1))
                    .messages();

            assertEquals(List.of("order-42"), received.stream().map(Message::body).toList());
        }
    }

    @Test
    void the_second_stack_of_the_run_has_its_own_queue_with_the_templates_default() {
        String queueUrl = System.getProperty("dead-letters.url");
        try (SqsClient sqs = sqs()) {
            String timeout = sqs.getQueueAttributes(
                            r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .attributes()
                    .get(QueueAttributeName.VISIBILITY_TIMEOUT);

            assertEquals("30", timeout);
            assertNotEquals(System.getProperty("queue.url"), queueUrl);
        }
    }

    @Test
    void the_template_parameter_from_the_pom_reached_the_queue() {
        String queueUrl = System.getProperty("queue.url");
        try (SqsClient sqs = sqs()) {
            String timeout = sqs.getQueueAttributes(
                            r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .attributes()
                    .get(QueueAttributeName.VISIBILITY_TIMEOUT);

            assertEquals("45", timeout);
        }
    }
}
