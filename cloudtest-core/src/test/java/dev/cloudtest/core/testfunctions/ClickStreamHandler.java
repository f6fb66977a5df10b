package dev.cloudtest.core.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A Kinesis handler reading {@code KinesisEvent} through aws-lambda-java-events' typed getters: reports each record it
 * saw on {@code SEEN_QUEUE_URL}, and a record whose data is {@code poison} as a batch item failure.
 */
public class ClickStreamHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SqsClient sqs = SqsClient.create();

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            KinesisEvent.Record kinesis = record.getKinesis();
            String data = StandardCharsets.UTF_8.decode(kinesis.getData()).toString();
            String seen = JSON.createObjectNode()
                    .put("data", data)
                    .put("partitionKey", kinesis.getPartitionKey())
                    .put("sequenceNumber", kinesis.getSequenceNumber())
                    .put(
                            "arrivalEpochMillis",
                            kinesis.getApproximateArrivalTimestamp().getTime())
                    .put("eventSource", record.getEventSource())
                    .put("eventName", record.getEventName())
                    .put("eventID", record.getEventID())
                    .put("eventSourceARN", record.getEventSourceARN())
                    .put("batch", event.getRecords().size())
                    .toString();
            sqs.sendMessage(r -> r.queueUrl(System.getenv("SEEN_QUEUE_URL")).messageBody(seen));
            if (data.startsWith("poison")) {
                failures.add(new StreamsEventResponse.BatchItemFailure(kinesis.getSequenceNumber()));
            }
        }
        return new StreamsEventResponse(failures);
    }
}
