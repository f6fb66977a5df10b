package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An SQS handler that records each invocation in the table (id = request id, with the bodies of its batch), so a test
 * sees how messages were gathered into batches.
 */
public class BatchRecordingHandler implements RequestHandler<SQSEvent, Void> {
    private final DynamoDbClient dynamoDb = DynamoDbClient.create();

    @Override
    public Void handleRequest(SQSEvent event, Context context) {
        dynamoDb.putItem(r -> r.tableName(System.getenv("TABLE_NAME"))
                .item(Map.of(
                        "id", AttributeValue.fromS(context.getAwsRequestId()),
                        "size",
                                AttributeValue.fromN(
                                        Integer.toString(event.getRecords().size())),
                        "bodies",
                                AttributeValue.fromL(event.getRecords().stream()
                                        .map(m -> AttributeValue.fromS(m.getBody()))
                                        .toList()))));
        return null;
    }
}
