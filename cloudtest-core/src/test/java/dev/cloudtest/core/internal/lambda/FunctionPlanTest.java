package dev.cloudtest.core.internal.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.template.Template;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What running a template's functions locally would refuse is refused before the stack is created. */
class FunctionPlanTest {
    private static final String FUNCTION =
            """
              Fn:
                Type: AWS::Lambda::Function
                Properties: {Runtime: java17, Handler: 'a.B::handle', Code: {ZipFile: x}}
            """;

    private static Template template(String resources) {
        return Template.parse(
                "Parameters:\n  Size: {Type: Number, Default: 25}\nResources:\n" + FUNCTION + resources, "t.yaml");
    }

    private static String mapping(String batching) {
        return """
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties: {FifoQueue: %s}
                  Mapping:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties: {EventSourceArn: !GetAtt Queue.Arn, FunctionName: !Ref Fn, %s}
                """
                .formatted(batching.contains("fifo") ? "true" : "false", batching.replace("fifo, ", ""));
    }

    @Test
    void a_batch_size_over_ten_without_a_window_is_refused_also_through_a_parameter() {
        assertThatThrownBy(() ->
                        FunctionPlan.check(template(mapping("BatchSize: !Ref Size")), Map.of("Size", "25"), id -> true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "t.yaml: event source mapping Mapping has BatchSize 25 without a batching window");
        assertThatCode(() -> FunctionPlan.check(
                        template(mapping("BatchSize: !Ref Size, MaximumBatchingWindowInSeconds: 1")),
                        Map.of("Size", "25"),
                        id -> true))
                .doesNotThrowAnyException();
    }

    @Test
    void batching_rules_apply_to_sqs_sources_only_and_wait_for_values_that_need_resolving() {
        String stream =
                """
                  Mapping:
                    Type: AWS::Lambda::EventSourceMapping
                    Properties:
                      EventSourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2026'
                      FunctionName: !Ref Fn
                      StartingPosition: LATEST
                      BatchSize: 100
                """;
        String conditional = mapping("BatchSize: 100, MaximumBatchingWindowInSeconds: !If [Big, 5, 2]");

        assertThatCode(() -> FunctionPlan.check(template(stream), Map.of(), id -> true))
                .doesNotThrowAnyException();
        assertThatCode(() -> FunctionPlan.check(template(conditional), Map.of(), id -> true))
                .doesNotThrowAnyException();
    }

    @Test
    void a_fifo_queue_takes_at_most_ten_a_batch() {
        assertThatThrownBy(() -> FunctionPlan.check(
                        template(mapping("fifo, BatchSize: 20, MaximumBatchingWindowInSeconds: 1")),
                        Map.of(),
                        id -> true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("for a FIFO queue");
    }

    @Test
    void mappings_of_functions_that_do_not_run_locally_are_not_checked() {
        assertThatCode(() -> FunctionPlan.check(template(mapping("BatchSize: 25")), Map.of(), id -> false))
                .doesNotThrowAnyException();
    }

    @Test
    void an_http_api_lambda_integration_needs_a_payload_format_version() {
        String api =
                """
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: a, ProtocolType: HTTP}
                  Integration:
                    Type: AWS::ApiGatewayV2::Integration
                    Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn}
                """;

        assertThatThrownBy(() -> FunctionPlan.check(template(api), Map.of(), id -> true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("integration Integration has no PayloadFormatVersion");
    }

    @Test
    void websocket_integrations_need_no_payload_format_version() {
        String api =
                """
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: a, ProtocolType: WEBSOCKET, RouteSelectionExpression: '$request.body.action'}
                  Integration:
                    Type: AWS::ApiGatewayV2::Integration
                    Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn}
                """;

        assertThatCode(() -> FunctionPlan.check(template(api), Map.of(), id -> true))
                .doesNotThrowAnyException();
    }

    @Test
    void only_http_apis_routed_to_local_functions_are_served_with_their_parts_not_custom_domains() {
        String api =
                """
                  Other:
                    Type: AWS::Lambda::Function
                    Properties: {Runtime: python3.12, Handler: app.handle, Code: {ZipFile: x}}
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: a, ProtocolType: HTTP}
                  Integration:
                    Type: AWS::ApiGatewayV2::Integration
                    Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt %s.Arn, PayloadFormatVersion: '2.0'}
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                    Properties: {ApiId: !Ref Api, RouteKey: 'GET /a', Target: !Sub 'integrations/${Integration}'}
                  Stage:
                    Type: AWS::ApiGatewayV2::Stage
                    Properties: {ApiId: !Ref Api, StageName: $default}
                  Mapping:
                    Type: AWS::ApiGatewayV2::ApiMapping
                    Properties: {ApiId: !Ref Api, DomainName: api.example.com, Stage: $default}
                  OpenApi:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Body: {openapi: '3.0.1'}}
                """;

        assertThat(FunctionPlan.servedHttpApiResources(template(api.formatted("Fn")), id -> true))
                .containsExactlyInAnyOrder("Api", "Integration", "Route", "Stage");
        assertThat(FunctionPlan.servedHttpApiResources(template(api.formatted("Fn")), id -> false))
                .as("its function does not run locally")
                .isEmpty();
        assertThat(FunctionPlan.servedHttpApiResources(template(api.formatted("Other")), id -> true))
                .as("routed to a function that is not Java")
                .isEmpty();
    }

    @Test
    void http_api_route_keys_are_checked_and_websocket_route_keys_left_alone() {
        String route =
                """
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                    Properties: {Name: a, ProtocolType: %s}
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                    Properties: {ApiId: !Ref Api, RouteKey: '$connect'}
                """;

        assertThatThrownBy(() -> FunctionPlan.check(template(route.formatted("HTTP")), Map.of(), id -> true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Route Route has RouteKey '$connect'");
        assertThatCode(() -> FunctionPlan.check(template(route.formatted("WEBSOCKET")), Map.of(), id -> true))
                .doesNotThrowAnyException();
    }

    @Test
    void a_selected_function_without_handler_is_refused() {
        Template noHandler = Template.parse(
                "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: java21, Code: {ZipFile: x}}\n",
                "t.yaml");

        assertThatThrownBy(() -> FunctionPlan.check(noHandler, Map.of(), id -> true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("function Fn has no Handler");
        assertThatCode(() -> FunctionPlan.check(noHandler, Map.of(), id -> false))
                .doesNotThrowAnyException();
    }
}
