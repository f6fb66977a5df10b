package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.Output;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

@CloudStack(template = "queue.yaml")
class QueueJourneyTest {
    @Test
    void a_message_sent_to_the_queue_is_received(@Output("QueueUrl") String queue, SqsClient sqs) {
        // The journey really runs on the project's Jackson 2.13.5, not on cloudtest's own.
        assertEquals("2.13.5", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("hello"));
        String body = sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5)).messages().get(0).body();
        assertEquals("hello", body);
    }
}
