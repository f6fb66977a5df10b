package dev.cloudtest.examples.invoices;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The nightly schedule: counts the invoices in {@code INVOICE_BUCKET} and announces {@code RemindersSent}. */
public class RemindOpenInvoices implements RequestHandler<ScheduledEvent, String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3 = S3Client.create();
    private final EventBridgeClient events = EventBridgeClient.create();

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        String bucket = System.getenv("INVOICE_BUCKET");
        int open = s3.listObjectsV2(r -> r.bucket(bucket).prefix("invoices/")).keyCount();
        String detail = JSON.createObjectNode()
                .put("open", open)
                .put("trigger", event.getDetailType())
                .toString();
        events.putEvents(r -> r.entries(e -> e.eventBusName(System.getenv("BUS_NAME"))
                .source("billing.invoices")
                .detailType("RemindersSent")
                .detail(detail)));
        return "reminded " + open;
    }
}
