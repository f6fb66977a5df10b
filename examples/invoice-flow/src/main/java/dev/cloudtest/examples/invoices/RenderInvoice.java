package dev.cloudtest.examples.invoices;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * An invoice stored in the bucket (S3 notification): reads it, renders its text and publishes it on {@code
 * TOPIC_ARN} with the message attribute {@code kind=invoice}.
 */
public class RenderInvoice implements RequestHandler<S3Event, Void> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3 = S3Client.create();
    private final SnsClient sns = SnsClient.create();
    private final String topicArn = System.getenv("TOPIC_ARN");

    @Override
    public Void handleRequest(S3Event event, Context context) {
        for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
            String bucket = record.getS3().getBucket().getName();
            String key = record.getS3().getObject().getUrlDecodedKey();
            ObjectNode invoice;
            try {
                invoice = (ObjectNode) JSON.readTree(
                        s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            invoice.put(
                    "text",
                    String.format(
                            "Invoice %s for %s: %d.%02d EUR",
                            invoice.path("invoiceId").asText(),
                            invoice.path("customer").asText(),
                            invoice.path("amountCents").asLong() / 100,
                            invoice.path("amountCents").asLong() % 100));
            invoice.put("key", key);
            sns.publish(p -> p.topicArn(topicArn)
                    .message(invoice.toString())
                    .messageAttributes(Map.of(
                            "kind",
                            MessageAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue("invoice")
                                    .build())));
            context.getLogger().log("rendered " + key);
        }
        return null;
    }
}
