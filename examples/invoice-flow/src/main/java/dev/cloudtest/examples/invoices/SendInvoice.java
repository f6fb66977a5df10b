package dev.cloudtest.examples.invoices;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * A rendered invoice (SNS subscription): "sends" it to the customer and announces {@code InvoiceSent} on {@code
 * BUS_NAME}, with the time SNS published it.
 */
public class SendInvoice implements RequestHandler<SNSEvent, Void> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EventBridgeClient events = EventBridgeClient.create();
    private final String bus = System.getenv("BUS_NAME");

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            JsonNode invoice;
            try {
                invoice = JSON.readTree(record.getSNS().getMessage());
            } catch (Exception e) {
                throw new IllegalArgumentException(
                        "not an invoice: " + record.getSNS().getMessage(), e);
            }
            String detail = JSON.createObjectNode()
                    .put("invoiceId", invoice.path("invoiceId").asText())
                    .put("customer", invoice.path("customer").asText())
                    .put("text", invoice.path("text").asText())
                    .put("publishedYear", record.getSNS().getTimestamp().getYear())
                    .toString();
            events.putEvents(r -> r.entries(e -> e.eventBusName(bus)
                    .source("billing.invoices")
                    .detailType("InvoiceSent")
                    .detail(detail)));
            context.getLogger().log("sent " + invoice.path("invoiceId").asText());
        }
        return null;
    }
}
