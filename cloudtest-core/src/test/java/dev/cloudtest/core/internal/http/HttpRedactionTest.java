package dev.cloudtest.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRedactionTest {
    @Test
    void credential_headers_are_masked_whatever_their_case() {
        Map<String, List<String>> headers = HttpRedaction.headers(Map.of(
                "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKID/..."),
                "X-AMZ-SECURITY-TOKEN", List.of("tok"),
                "Set-Cookie", List.of("s=1"),
                "Content-Type", List.of("application/json")));

        assertThat(headers)
                .containsEntry("authorization", List.of("****"))
                .containsEntry("X-AMZ-SECURITY-TOKEN", List.of("****"))
                .containsEntry("Set-Cookie", List.of("****"))
                .containsEntry("Content-Type", List.of("application/json"));
    }

    @Test
    void secret_named_json_fields_are_masked_at_any_depth() {
        String redacted = HttpRedaction.body(
                "{\"user\":{\"name\":\"ann\",\"Password\":\"p1\"},\"items\":[{\"accessToken\":\"t1\"}],"
                        + "\"clientSecret\":42,\"credentials\":{\"accessKeyId\":\"AKID\"}}");

        assertThat(redacted)
                .contains("\"name\":\"ann\"", "\"Password\":\"****\"", "\"accessToken\":\"****\"")
                .contains("\"clientSecret\":\"****\"", "\"credentials\":\"****\"")
                .doesNotContain("p1", "t1", "42", "AKID");
    }

    @Test
    void json_without_secrets_is_left_as_it_was_written() {
        assertThat(HttpRedaction.body("{ \"id\": 1 }")).isEqualTo("{ \"id\": 1 }");
    }

    @Test
    void cut_off_json_and_form_bodies_are_masked_by_pattern() {
        assertThat(HttpRedaction.body("{\"id\":1,\"password\":\"p1\",\"note\":\"x"))
                .isEqualTo("{\"id\":1,\"password\":\"****\",\"note\":\"x");
        assertThat(HttpRedaction.body("user=ann&api_key=k1&x=2")).isEqualTo("user=ann&api_key=****&x=2");
    }

    @Test
    void secret_named_query_parameters_are_masked() {
        assertThat(HttpRedaction.uri(URI.create("http://127.0.0.1:1/p?token=abc&page=2")))
                .isEqualTo("http://127.0.0.1:1/p?token=****&page=2");
    }
}
