package dev.cloudtest.core.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicResolverTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final IntrinsicResolver resolver = new IntrinsicResolver(
            Map.of("Stage", "test"),
            Map.of(
                    "Queue", "http://sqs.us-east-1.localhost:5000/123456789012/ct-q",
                    "Bucket", "ct-bucket",
                    "Role", "ct-role"),
            Map.of("Queue", "AWS::SQS::Queue", "Bucket", "AWS::S3::Bucket", "Role", "AWS::IAM::Role"),
            "us-east-1",
            "123456789012",
            "ct-orders-r1",
            "arn:aws:cloudformation:us-east-1:123456789012:stack/ct-orders-r1/1");

    private JsonNode resolve(String json) {
        try {
            return resolver.resolve(MAPPER.readTree(json.replace('\'', '"')));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void ref_to_a_parameter_gives_its_value() {
        assertThat(resolve("{'Ref': 'Stage'}").asText()).isEqualTo("test");
    }

    @Test
    void ref_to_a_pseudo_parameter_gives_the_stack_value() {
        assertThat(resolve("{'Ref': 'AWS::StackName'}").asText()).isEqualTo("ct-orders-r1");
    }

    @Test
    void ref_to_a_resource_gives_its_physical_id() {
        assertThat(resolve("{'Ref': 'Bucket'}").asText()).isEqualTo("ct-bucket");
    }

    @Test
    void get_att_arn_of_a_queue_is_built_from_its_url() {
        assertThat(resolve("{'Fn::GetAtt': ['Queue', 'Arn']}").asText())
                .isEqualTo("arn:aws:sqs:us-east-1:123456789012:ct-q");
    }

    @Test
    void get_att_arn_of_a_role_name() {
        assertThat(resolve("{'Fn::GetAtt': 'Role.Arn'}").asText()).isEqualTo("arn:aws:iam::123456789012:role/ct-role");
    }

    @Test
    void sub_replaces_parameters_pseudo_parameters_and_attributes() {
        assertThat(resolve("{'Fn::Sub': '${AWS::StackName}-${Stage}-${Bucket.Arn}'}")
                        .asText())
                .isEqualTo("ct-orders-r1-test-arn:aws:s3:::ct-bucket");
    }

    @Test
    void sub_with_variable_map() {
        assertThat(resolve("{'Fn::Sub': ['${Name}/x', {'Name': {'Ref': 'Bucket'}}]}")
                        .asText())
                .isEqualTo("ct-bucket/x");
    }

    @Test
    void sub_keeps_escaped_variables_literally() {
        assertThat(resolve("{'Fn::Sub': '${!Literal}-${Stage}'}").asText()).isEqualTo("${Literal}-test");
    }

    @Test
    void join_resolves_its_items() {
        assertThat(resolve("{'Fn::Join': ['-', [{'Ref': 'Stage'}, 'x', 1]]}").asText())
                .isEqualTo("test-x-1");
    }

    @Test
    void select_picks_by_index() {
        assertThat(resolve("{'Fn::Select': ['1', ['a', {'Ref': 'Stage'}]]}").asText())
                .isEqualTo("test");
    }

    @Test
    void unresolvable_function_is_left_and_reported() {
        JsonNode value = resolve("{'Tags': [{'Value': {'Fn::ImportValue': 'shared'}}], 'Name': {'Ref': 'Stage'}}");

        assertThat(value.get("Name").asText()).isEqualTo("test");
        assertThat(IntrinsicResolver.isResolved(value)).isFalse();
    }

    @Test
    void unknown_ref_is_left_as_is() {
        JsonNode value = resolve("{'Ref': 'Nope'}");

        assertThat(value.has("Ref")).isTrue();
    }

    @Test
    void plain_values_are_resolved() {
        assertThat(IntrinsicResolver.isResolved(resolve("{'a': ['b', {'c': 1}]}")))
                .isTrue();
    }

    @Test
    void partition_and_url_suffix_follow_the_region() {
        IntrinsicResolver china = new IntrinsicResolver(
                Map.of(),
                Map.of("Bucket", "ct-bucket", "HttpApi", "abc123defg"),
                Map.of("Bucket", "AWS::S3::Bucket", "HttpApi", "AWS::ApiGatewayV2::Api"),
                "cn-north-1",
                "123456789012",
                "ct-orders-r1",
                "arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/ct-orders-r1/1");

        assertThat(china.ref("AWS::Partition")).contains("aws-cn");
        assertThat(china.attribute("Bucket", "Arn")).contains("arn:aws-cn:s3:::ct-bucket");
        assertThat(china.attribute("HttpApi", "ApiEndpoint"))
                .contains("https://abc123defg.execute-api.cn-north-1.amazonaws.com.cn");
        assertThat(resolve("{'Ref': 'AWS::Partition'}").asText()).isEqualTo("aws");
    }
}
