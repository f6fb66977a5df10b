package dev.cloudtest.core.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One message a {@link MessageCapture} saw: its body as received and, for SNS envelopes, the published message.
 *
 * @param id the SQS message id
 * @param body the body as received
 * @param attributes the message attributes (string values)
 * @param receivedAt when cloudtest received it
 */
public record CapturedMessage(String id, String body, Map<String, String> attributes, Instant receivedAt) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public CapturedMessage {
        attributes = Map.copyOf(attributes);
    }

    /** The body parsed as JSON, when it is JSON. */
    public Optional<JsonNode> json() {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * The payload: for an SNS envelope (non-raw delivery) the published {@code Message}, otherwise the body. An S3 or
     * EventBridge event published through SNS is thus the event itself.
     */
    public String payload() {
        return json().filter(n -> n.path("Type").asText().equals("Notification") && n.has("Message"))
                .map(n -> n.get("Message").asText())
                .orElse(body);
    }

    /** The payload parsed as JSON, when it is JSON. */
    public Optional<JsonNode> payloadJson() {
        try {
            JsonNode node = MAPPER.readTree(payload());
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** A JSON value of the payload by JSON pointer ({@code /detail/orderId}); empty when absent. */
    public Optional<String> at(String jsonPointer) {
        return payloadJson()
                .map(n -> n.at(jsonPointer))
                .filter(n -> !n.isMissingNode())
                .map(JsonNode::asText);
    }

    /** The payload, shortened to {@code max} characters, for messages. */
    public String abbreviated(int max) {
        String text = payload().replaceAll("\\s+", " ");
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
