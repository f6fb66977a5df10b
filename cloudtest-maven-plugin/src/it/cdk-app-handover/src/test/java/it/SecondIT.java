package it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.Output;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

@CloudStack(cdkApp = "it.OrdersApp", cdkStack = "OrdersStack")
class SecondIT {
    @Test
    void the_handed_over_queue_answers(@Output("QueueUrl") String queue, SqsClient sqs) {
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("SecondIT"));
        // The other fork uses the same queue at the same time: read without hiding (visibility 0) until our own
        // message is among those received.
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!seen.contains("SecondIT") && System.nanoTime() < deadline) {
            sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(1).visibilityTimeout(0).maxNumberOfMessages(10))
                    .messages()
                    .forEach(m -> seen.add(m.body()));
        }
        assertTrue(seen.contains("SecondIT"), "SecondIT's message never arrived on the handed-over queue; saw " + seen);
    }
}
