package dev.cloudtest.examples.invoices;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code POST /invoices} on a REST API: validates an invoice ({@code customer}, {@code amountCents} above 0), gives it
 * an id, stores it as {@code invoices/<id>.json} in {@code INVOICE_BUCKET} and answers 201 with the id.
 */
public class CreateInvoice implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3 = S3Client.create();
    private final String bucket = System.getenv("INVOICE_BUCKET");

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent request, Context context) {
        JsonNode invoice;
        try {
            invoice = JSON.readTree(request.getBody() == null ? "" : request.getBody());
        } catch (Exception e) {
            return answer(400, JSON.createObjectNode().put("error", "the body is not JSON"));
        }
        if (!invoice.path("customer").isTextual() || invoice.path("amountCents").asLong(0) <= 0) {
            return answer(400, JSON.createObjectNode().put("error", "customer and a positive amountCents are needed"));
        }
        String id = "inv-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode stored = JSON.createObjectNode()
                .put("invoiceId", id)
                .put("customer", invoice.path("customer").asText())
                .put("amountCents", invoice.path("amountCents").asLong());
        s3.putObject(r -> r.bucket(bucket).key("invoices/" + id + ".json"), RequestBody.fromString(stored.toString()));
        context.getLogger().log("created " + id);
        return answer(201, JSON.createObjectNode().put("invoiceId", id));
    }

    private static APIGatewayProxyResponseEvent answer(int status, ObjectNode body) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(body.toString());
    }
}
