package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class FailingJourneyIT {

    @Test
    void a_journey_that_fails_on_purpose() {
        String queueUrl = System.getProperty("queue.url");
        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(URI.create(System.getProperty("cloudtest.endpoint")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("order-42"));

            List<Message> received = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).waitTimeSeconds(5).maxNumberOfMessages(1))
                    .messages();

            // The stack works; the expectation is wrong on purpose: teardown must run all the same.
            assertEquals(List.of("order-43"), received.stream().map(Message::body).toList());
        }
    }
}
