package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cloudtest.junit5.CloudStack;
import dev.cloudtest.junit5.Output;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

@CloudStack(cdkApp = "it.OrdersApp", cdkStack = "OrdersStack")
class FirstIT {
    @Test
    void the_handed_over_queue_answers(@Output("QueueUrl") String queue, SqsClient sqs) {
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("FirstIT"));
        assertEquals("FirstIT", sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5)).messages().get(0).body());
    }
}
