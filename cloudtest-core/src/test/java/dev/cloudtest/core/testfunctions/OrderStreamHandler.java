package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A DynamoDB stream handler reading {@code DynamodbEvent} through aws-lambda-java-events' typed getters; reports
 * each record it saw, as JSON, on {@code SEEN_QUEUE_URL}.
 */
public class OrderStreamHandler implements RequestHandler<DynamodbEvent, Void> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SqsClient sqs = SqsClient.create();

    @Override
    public Void handleRequest(DynamodbEvent event, Context context) {
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            StreamRecord data = record.getDynamodb();
            String seen = JSON.createObjectNode()
                    .put("eventName", record.getEventName())
                    .put("eventSource", record.getEventSource())
                    .put("eventSourceARN", record.getEventSourceARN())
                    .put("awsRegion", record.getAwsRegion())
                    .put("id", s(data.getKeys(), "id"))
                    .put("newStatus", s(data.getNewImage(), "status"))
                    .put("oldStatus", s(data.getOldImage(), "status"))
                    .put(
                            "quantity",
                            data.getNewImage() == null || data.getNewImage().get("quantity") == null
                                    ? null
                                    : data.getNewImage().get("quantity").getN())
                    .put(
                            "createdEpochMillis",
                            data.getApproximateCreationDateTime().getTime())
                    .put("sequenceNumber", data.getSequenceNumber())
                    .put("streamViewType", data.getStreamViewType())
                    .put("batch", event.getRecords().size())
                    .toString();
            sqs.sendMessage(r -> r.queueUrl(System.getenv("SEEN_QUEUE_URL")).messageBody(seen));
        }
        return null;
    }

    private static String s(Map<String, AttributeValue> image, String name) {
        return image == null || image.get(name) == null ? null : image.get(name).getS();
    }
}
