package dev.cloudtest.core;

import dev.cloudtest.core.journey.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The ITs' way to wait for what arrives on a queue: at least {@code count} messages, with their attributes. */
final class QueueMessages {
    private QueueMessages() {}

    static List<Message> await(CloudTestRun run, String queueUrl, int count, Duration timeout) {
        List<Message> messages = new ArrayList<>();
        Eventually.await(count + " message(s) on " + queueUrl)
                .atMost(timeout)
                .until(
                        () -> {
                            messages.addAll(run.session()
                                    .client(SqsClient.class)
                                    .receiveMessage(r -> r.queueUrl(queueUrl)
                                            .maxNumberOfMessages(10)
                                            .messageAttributeNames("All")
                                            .waitTimeSeconds(1))
                                    .messages());
                            return messages.size();
                        },
                        n -> n >= count);
        return messages;
    }

    static List<String> bodies(CloudTestRun run, String queueUrl, int count, Duration timeout) {
        return await(run, queueUrl, count, timeout).stream().map(Message::body).toList();
    }
}
