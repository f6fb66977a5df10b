package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An SQS handler reporting partial batch failures: a body starting with "fail" fails. Every attempt is recorded in
 * the table (id = body + "#" + ApproximateReceiveCount), so a test sees what was delivered how often.
 */
public class BatchHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private final DynamoDbClient dynamoDb = DynamoDbClient.create();

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            String attempt = message.getAttributes().get("ApproximateReceiveCount");
            dynamoDb.putItem(r -> r.tableName(System.getenv("TABLE_NAME"))
                    .item(Map.of(
                            "id", AttributeValue.fromS(message.getBody() + "#" + attempt),
                            "source", AttributeValue.fromS(String.valueOf(message.getEventSourceArn())),
                            "sentAt",
                                    AttributeValue.fromS(String.valueOf(
                                            message.getAttributes().get("SentTimestamp"))),
                            "handledAt", AttributeValue.fromS(Long.toString(System.currentTimeMillis())))));
            if (message.getBody().startsWith("fail")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
