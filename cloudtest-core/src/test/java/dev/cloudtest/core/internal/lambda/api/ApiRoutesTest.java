package dev.cloudtest.core.internal.lambda.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {

    private static ApiRoutes.Route route(String method, String path, String pattern, List<String> names) {
        return new ApiRoutes.Route(
                method,
                path,
                path == null ? "$default" : method + " " + path,
                pattern == null ? null : Pattern.compile(pattern),
                names,
                ApiRoutes.Payload.V2,
                Optional.empty(),
                "arn");
    }

    @Test
    void literal_paths_win_over_variables_greedy_variables_and_default_come_last() {
        ApiRoutes.Route literal = route("GET", "/orders/new", "/orders/new", List.of());
        ApiRoutes.Route variable = route("GET", "/orders/{id}", "/orders/([^/]+)", List.of("id"));
        ApiRoutes.Route any = route("ANY", "/orders/{id}", "/orders/([^/]+)", List.of("id"));
        ApiRoutes.Route greedy = route("ANY", "/{proxy+}", "/(.+)", List.of("proxy"));
        ApiRoutes.Route fallback = route("ANY", null, null, List.of());
        List<ApiRoutes.Route> routes = new ArrayList<>(List.of(fallback, greedy, any, variable, literal));

        routes.sort(ApiRoutes.Route.PRECEDENCE);

        assertThat(routes).containsExactly(literal, variable, any, greedy, fallback);
    }

    @Test
    void precedence_goes_segment_by_segment_from_the_left() {
        ApiRoutes.Route literalFirst = route("GET", "/a/{b}", "/a/([^/]+)", List.of("b"));
        ApiRoutes.Route variableFirst = route("GET", "/{x}/c", "/([^/]+)/c", List.of("x"));
        List<ApiRoutes.Route> routes = new ArrayList<>(List.of(variableFirst, literalFirst));

        routes.sort(ApiRoutes.Route.PRECEDENCE);

        assertThat(routes).containsExactly(literalFirst, variableFirst);
    }

    @Test
    void a_route_matches_its_method_or_any_and_extracts_path_parameters() {
        ApiRoutes.Route variable = route("GET", "/orders/{id}", "/orders/([^/]+)", List.of("id"));

        assertThat(variable.match("GET", "/orders/o-1")).contains(Map.of("id", "o-1"));
        assertThat(variable.match("POST", "/orders/o-1")).isEmpty();
        assertThat(variable.match("GET", "/orders/o-1/items")).isEmpty();
        assertThat(route("ANY", null, null, List.of()).match("PATCH", "/anything"))
                .contains(Map.of());
    }

    @Test
    void service_integrations_with_a_subtype_are_not_lambda_proxies() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        assertThat(ApiRoutes.isLambdaProxy(json.readTree("{\"IntegrationType\":\"AWS_PROXY\"}")))
                .isTrue();
        assertThat(ApiRoutes.isLambdaProxy(json.readTree(
                        "{\"IntegrationType\":\"AWS_PROXY\",\"IntegrationSubtype\":\"SQS-SendMessage\"}")))
                .isFalse();
        assertThat(ApiRoutes.isLambdaProxy(json.readTree("{\"IntegrationType\":\"HTTP_PROXY\"}")))
                .isFalse();
    }

    @Test
    void integration_uris_name_a_function_exactly() {
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:orders";

        assertThat(ApiRoutes.invokes(arn, "orders")).isTrue();
        assertThat(ApiRoutes.invokes(arn + ":live", "orders")).isTrue();
        assertThat(ApiRoutes.invokes(
                        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arn + "/invocations",
                        "orders"))
                .isTrue();
        assertThat(ApiRoutes.invokes(arn + "-v2", "orders")).isFalse();
        assertThat(ApiRoutes.invokes(arn, "ord")).isFalse();
    }
}
