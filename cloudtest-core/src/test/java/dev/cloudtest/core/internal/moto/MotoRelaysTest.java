package dev.cloudtest.core.internal.moto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MotoRelaysTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EVENT = "{\"source\":\"shop\",\"detail\":{\"order\":{\"id\":\"o-1\"},\"n\":2}}";

    @Test
    void the_input_is_the_constant_the_path_or_the_event_as_eventbridge_builds_it() throws Exception {
        assertThat(RelayEvents.input(MAPPER.readTree("{\"Input\": \"{\\\"k\\\": 1}\"}"), EVENT))
                .isEqualTo("{\"k\": 1}");
        assertThat(RelayEvents.input(MAPPER.readTree("{\"InputPath\": \"$.detail.order\"}"), EVENT))
                .isEqualTo("{\"id\":\"o-1\"}");
        assertThat(RelayEvents.input(MAPPER.readTree("{\"InputPath\": \"$\"}"), EVENT))
                .isEqualTo(EVENT);
        assertThat(RelayEvents.input(MAPPER.readTree("{}"), EVENT)).isEqualTo(EVENT);
    }

    @Test
    void an_sns_envelope_becomes_lambdas_sns_event_with_lambdas_field_casing() throws Exception {
        String envelope = "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\","
                + "\"Message\":\"hi\",\"Timestamp\":\"2026-12-01T00:00:00.000Z\",\"SignatureVersion\":\"1\","
                + "\"Signature\":\"s\",\"SigningCertURL\":\"https://c\",\"UnsubscribeURL\":\"https://u\","
                + "\"MessageAttributes\":{\"kind\":{\"Type\":\"String\",\"Value\":\"placed\"}}}";
        var event = MAPPER.readTree(RelayEvents.lambdaSnsEvent(envelope, "arn:aws:sns:us-east-1:1:t:sub"));
        var record = event.path("Records").path(0);
        assertThat(record.path("EventSource").asText()).isEqualTo("aws:sns");
        assertThat(record.path("EventSubscriptionArn").asText()).isEqualTo("arn:aws:sns:us-east-1:1:t:sub");
        assertThat(record.path("Sns").path("SigningCertUrl").asText()).isEqualTo("https://c");
        assertThat(record.path("Sns").path("UnsubscribeUrl").asText()).isEqualTo("https://u");
        assertThat(record.path("Sns").path("Message").asText()).isEqualTo("hi");
        assertThat(record.path("Sns")
                        .path("MessageAttributes")
                        .path("kind")
                        .path("Value")
                        .asText())
                .isEqualTo("placed");
        assertThat(record.path("Sns").has("SigningCertURL")).isFalse();
    }

    @Test
    void an_s3_events_key_keeps_its_slashes_as_s3_writes_them() throws Exception {
        String moto = "{\"Records\":[{\"eventSource\":\"aws:s3\",\"s3\":{\"object\":{\"key\":\"in%2Fmy+file.csv\"}}}]}";
        assertThat(MAPPER.readTree(RelayEvents.s3Event(moto))
                        .path("Records")
                        .path(0)
                        .path("s3")
                        .path("object")
                        .path("key")
                        .asText())
                .isEqualTo("in/my+file.csv");
    }
}
