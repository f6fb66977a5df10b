package dev.cloudtest.core.internal.moto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The events {@link MotoRelays} delivers, shaped as the real service shapes them. */
final class RelayEvents {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RelayEvents() {}

    /**
     * Lambda's SNS event for a notification as SNS delivers it to a queue (its JSON envelope): the same fields, under
     * {@code Records[].Sns}, with Lambda's casing ({@code SigningCertUrl}, {@code UnsubscribeUrl}).
     *
     * @param subscriptionArn the subscription's ARN, Lambda's {@code EventSubscriptionArn}
     */
    static String lambdaSnsEvent(String envelope, String subscriptionArn) {
        try {
            JsonNode n = MAPPER.readTree(envelope);
            ObjectNode sns = MAPPER.createObjectNode();
            sns.put("Type", n.path("Type").asText("Notification"));
            sns.put("MessageId", n.path("MessageId").asText());
            sns.put("TopicArn", n.path("TopicArn").asText());
            sns.set("Subject", n.path("Subject").isMissingNode() ? MAPPER.nullNode() : n.path("Subject"));
            sns.put("Message", n.path("Message").asText());
            sns.put("Timestamp", n.path("Timestamp").asText());
            sns.put("SignatureVersion", n.path("SignatureVersion").asText("1"));
            sns.put("Signature", n.path("Signature").asText());
            sns.put("SigningCertUrl", n.path("SigningCertURL").asText());
            sns.put("UnsubscribeUrl", n.path("UnsubscribeURL").asText());
            sns.set(
                    "MessageAttributes",
                    n.path("MessageAttributes").isObject() ? n.path("MessageAttributes") : MAPPER.createObjectNode());
            ObjectNode record = MAPPER.createObjectNode();
            record.put("EventSource", "aws:sns");
            record.put("EventVersion", "1.0");
            record.put("EventSubscriptionArn", subscriptionArn);
            record.set("Sns", sns);
            ObjectNode event = MAPPER.createObjectNode();
            event.putArray("Records").add(record);
            return MAPPER.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the relay received a message that is not an SNS envelope", e);
        }
    }

    /** The target's input as EventBridge builds it. */
    static String input(JsonNode target, String event) {
        return dev.cloudtest.core.internal.template.TargetInput.of(target, event);
    }

    /**
     * An S3 event as S3 sends it to Lambda: moto's, with each object key's slashes as S3 writes them ({@code
     * in/orders.csv}; moto encodes them as {@code %2F}), the key otherwise URL-encoded as moto and S3 both do.
     */
    static String s3Event(String event) {
        try {
            JsonNode n = MAPPER.readTree(event);
            for (JsonNode record : n.path("Records")) {
                JsonNode object = record.path("s3").path("object");
                if (object.path("key").isTextual()) {
                    ((ObjectNode) object).put("key", object.path("key").asText().replace("%2F", "/"));
                }
            }
            return MAPPER.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return event;
        }
    }
}
