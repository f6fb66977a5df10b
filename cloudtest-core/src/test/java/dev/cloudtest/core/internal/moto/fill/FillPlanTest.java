package dev.cloudtest.core.internal.moto.fill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.template.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FillPlanTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Map<String, Filler> fillers() {
        Map<String, Filler> byType = new LinkedHashMap<>();
        MotoFillers.defaultFillers().forEach(f -> byType.put(f.type(), f));
        return byType;
    }

    private static FillPlan.Plan plan(String yaml) {
        return FillPlan.of(Template.parse(yaml, "test"), fillers());
    }

    @Test
    void a_secret_is_created_before_the_stack_and_an_unread_subscription_after() {
        FillPlan.Plan plan = plan(
                """
                Resources:
                  Topic: {Type: AWS::SNS::Topic}
                  Inbox: {Type: AWS::SQS::Queue}
                  Sub:
                    Type: AWS::SNS::Subscription
                    Properties: {TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Inbox.Arn}
                  Secret:
                    Type: AWS::SecretsManager::Secret
                    Properties: {SecretString: s}
                Outputs:
                  SubscriptionArn: {Value: !Ref Sub}
                  SecretArn: {Value: !Ref Secret}
                """);
        assertThat(plan.before()).extracting(Template.Resource::logicalId).containsExactly("Secret");
        assertThat(plan.after()).extracting(Template.Resource::logicalId).containsExactly("Sub");
        assertThat(plan.lateOutputs()).containsExactly("SubscriptionArn");
    }

    @Test
    void a_stage_read_by_the_stack_is_created_after_it_with_its_name_standing_in() {
        FillPlan.Plan plan = plan(
                """
                Resources:
                  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
                  Deployment: {Type: AWS::ApiGateway::Deployment, Properties: {RestApiId: !Ref Api}}
                  Stage:
                    Type: AWS::ApiGateway::Stage
                    Properties: {RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: prod}
                  Param:
                    Type: AWS::SSM::Parameter
                    Properties: {Name: /x, Type: String, Value: !Sub "${Stage}/orders"}
                """);
        assertThat(plan.after()).extracting(Template.Resource::logicalId).containsExactly("Stage");
        assertThat(plan.readers().get("Stage")).containsExactly("Param");
    }

    @Test
    void a_filled_resource_read_by_the_stack_that_reads_the_stack_is_refused_naming_both() {
        assertThatThrownBy(
                        () -> plan(
                                """
                        Resources:
                          Topic: {Type: AWS::SNS::Topic}
                          Sub:
                            Type: AWS::SNS::Subscription
                            Properties: {TopicArn: !Ref Topic, Protocol: email, Endpoint: a@example.com}
                          Param:
                            Type: AWS::SSM::Parameter
                            Properties: {Name: /x, Type: String, Value: !Ref Sub}
                        """))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Sub (AWS::SNS::Subscription)")
                .hasMessageContaining("Param read it")
                .hasMessageContaining("reads Topic");
    }

    @Test
    void references_in_ref_getatt_and_sub_are_replaced_and_a_sub_gets_a_variable_of_its_own() throws Exception {
        var node = MAPPER.readTree(
                "{\"a\": {\"Ref\": \"S\"}, \"b\": {\"Fn::GetAtt\": [\"S\", \"Arn\"]}, \"c\": {\"Fn::Sub\": \"x/${S}/${Other}\"},"
                        + " \"d\": {\"Ref\": \"Other\"}}");
        var replaced = References.substitute(
                node, "S", attribute -> Optional.of(TextNode.valueOf(attribute.orElse("id"))), "R");
        assertThat(replaced.path("a").asText()).isEqualTo("id");
        assertThat(replaced.path("b").asText()).isEqualTo("Arn");
        assertThat(replaced.path("c").path("Fn::Sub").path(0).asText()).isEqualTo("x/${CloudtestFilledS}/${Other}");
        assertThat(replaced.path("c")
                        .path("Fn::Sub")
                        .path(1)
                        .path("CloudtestFilledS")
                        .asText())
                .isEqualTo("id");
        assertThat(replaced.path("d").path("Ref").asText()).isEqualTo("Other");
        assertThatThrownBy(() -> References.substitute(node, "S", attribute -> Optional.empty(), "R"))
                .hasMessageContaining("R reads S");
    }
}
