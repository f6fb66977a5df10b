package dev.cloudtest.core.internal.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static Template yaml(String text) {
        return Template.parse(text, "test.yaml");
    }

    private static String resources(String body) {
        return "AWSTemplateFormatVersion: 2010-09-09\nResources:\n" + body;
    }

    @Test
    void yaml_short_forms_are_expanded_in_the_json() {
        Template template = yaml(
                resources(
                        """
                  Queue:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: !Sub '${AWS::StackName}-q'
                """));

        assertThat(template.toJson())
                .contains("\"AWSTemplateFormatVersion\":\"2010-09-09\"")
                .contains("\"QueueName\":{\"Fn::Sub\":\"${AWS::StackName}-q\"}");
    }

    @Test
    void json_template_is_read() {
        Template template = Template.parse(
                "  {\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}, \"Outputs\": {\"Url\": {\"Value\": 1}}}",
                "t.json");

        assertThat(template.resources()).containsOnlyKeys("Q");
        assertThat(template.resources().get("Q").type()).isEqualTo("AWS::SQS::Queue");
        assertThat(template.outputs()).containsExactly("Url");
    }

    @Test
    void resources_keep_template_order() {
        Template template = yaml(
                resources(
                        """
                  Zeta: {Type: AWS::SQS::Queue}
                  Alpha: {Type: AWS::SNS::Topic}
                  Mid: {Type: AWS::S3::Bucket}
                """));

        assertThat(template.resources().keySet()).containsExactly("Zeta", "Alpha", "Mid");
    }

    @Test
    void resource_with_condition_is_conditional() {
        Template template =
                yaml(resources("  Q: {Type: AWS::SQS::Queue, Condition: IsProd}\n  T: {Type: AWS::SNS::Topic}\n"));

        assertThat(template.resources().get("Q").conditional()).isTrue();
        assertThat(template.resources().get("T").conditional()).isFalse();
    }

    @Test
    void yaml_syntax_error_names_origin_line_and_column() {
        String text = "Resources:\n  Q:\n    Type: [AWS::SQS::Queue\n";

        assertThatThrownBy(() -> yaml(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("test.yaml is not valid YAML")
                .hasMessageMatching("(?s).*at line \\d+, column \\d+.*");
    }

    @Test
    void yaml_error_line_is_one_based() {
        String text = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n   bad: indentation\n";

        assertThatThrownBy(() -> yaml(text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("line 4");
    }

    @Test
    void duplicate_yaml_keys_are_a_syntax_error() {
        String text = resources("  Q: {Type: AWS::SQS::Queue}\n  Q: {Type: AWS::SNS::Topic}\n");

        assertThatThrownBy(() -> yaml(text)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void json_syntax_error_names_origin_line_and_column() {
        String text = "{\n  \"Resources\": {\n    \"Q\": {\"Type\": }\n  }\n}";

        assertThatThrownBy(() -> Template.parse(text, "t.json"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("t.json is not valid JSON at line 3, column");
    }

    @Test
    void empty_template_is_refused() {
        assertThatThrownBy(() -> yaml("  \n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("test.yaml is empty");
    }

    @Test
    void template_of_only_comments_is_refused() {
        assertThatThrownBy(() -> yaml("# nothing here\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must be a mapping");
    }

    @Test
    void template_that_is_a_list_is_refused() {
        assertThatThrownBy(() -> yaml("- a\n- b\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must be a mapping");
    }

    @Test
    void missing_resources_section_is_refused() {
        assertThatThrownBy(() -> yaml("Parameters:\n  P: {Type: String}\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("declares no resources");
    }

    @Test
    void empty_resources_section_is_refused() {
        assertThatThrownBy(() -> yaml("Resources: {}\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("declares no resources");
    }

    @Test
    void resource_without_type_is_refused_by_logical_id() {
        assertThatThrownBy(() -> yaml(resources("  Orders:\n    Properties: {}\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("resource Orders has no Type");
    }

    @Test
    void parameter_with_default_has_default() {
        Template template = yaml(
                "Parameters:\n  Stage: {Type: String, Default: dev}\n" + resources("  Q: {Type: AWS::SQS::Queue}\n"));

        assertThat(template.parameters().get("Stage").hasDefault()).isTrue();
        assertThat(template.parameters().get("Stage").defaultValue()).contains("dev");
    }

    @Test
    void parameter_without_default_has_none() {
        Template template =
                yaml("Parameters:\n  Stage: {Type: String}\n" + resources("  Q: {Type: AWS::SQS::Queue}\n"));

        assertThat(template.parameters().get("Stage").hasDefault()).isFalse();
    }

    @Test
    void empty_string_default_counts_as_a_default() {
        Template template = yaml(
                "Parameters:\n  Suffix: {Type: String, Default: ''}\n" + resources("  Q: {Type: AWS::SQS::Queue}\n"));

        assertThat(template.parameters().get("Suffix").defaultValue()).isEqualTo(Optional.of(""));
    }

    @Test
    void numeric_default_is_read_as_text() {
        Template template =
                yaml("Parameters:\n  Size: {Type: Number, Default: 5}\n" + resources("  Q: {Type: AWS::SQS::Queue}\n"));

        assertThat(template.parameters().get("Size").defaultValue()).contains("5");
        assertThat(template.parameters().get("Size").type()).isEqualTo("Number");
    }

    @Test
    void no_echo_is_read_from_boolean_or_string() {
        Template template = yaml("Parameters:\n  A: {Type: String, NoEcho: true}\n  B: {Type: String, NoEcho: 'true'}\n"
                + "  C: {Type: String}\n" + resources("  Q: {Type: AWS::SQS::Queue}\n"));

        assertThat(template.parameters().get("A").noEcho()).isTrue();
        assertThat(template.parameters().get("B").noEcho()).isTrue();
        assertThat(template.parameters().get("C").noEcho()).isFalse();
    }

    @Test
    void plain_resources_need_no_capability() {
        assertThat(yaml(resources("  Q: {Type: AWS::SQS::Queue}\n")).requiredCapabilities())
                .isEmpty();
    }

    @Test
    void iam_resource_needs_capability_iam() {
        Template template = yaml(resources("  Role:\n    Type: AWS::IAM::Role\n    Properties: {Path: /}\n"));

        assertThat(template.requiredCapabilities()).containsExactly("CAPABILITY_IAM");
    }

    @Test
    void named_iam_role_needs_capability_named_iam_too() {
        Template template = yaml(resources(
                "  Role:\n    Type: AWS::IAM::Role\n    Properties: {RoleName: !Sub '${AWS::StackName}-r'}\n"));

        assertThat(template.requiredCapabilities()).containsExactly("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM");
    }

    @Test
    void transform_needs_auto_expand() {
        Template template =
                yaml("Transform: AWS::Serverless-2016-10-31\n" + resources("  Q: {Type: AWS::SQS::Queue}\n"));

        assertThat(template.requiredCapabilities()).containsExactly("CAPABILITY_AUTO_EXPAND");
        assertThat(template.transforms()).containsExactly("AWS::Serverless-2016-10-31");
    }

    @Test
    void sam_functions_without_a_role_need_iam_for_the_role_the_transform_creates() {
        Template template = yaml("Transform: AWS::Serverless-2016-10-31\n"
                + resources("  Fn: {Type: AWS::Serverless::Function, Properties: {Handler: a.B, Runtime: java17}}\n"
                        + "  Given: {Type: AWS::Serverless::Function, Properties: {Role: arn:aws:iam::1:role/r}}\n"));

        assertThat(template.requiredCapabilities()).containsExactly("CAPABILITY_AUTO_EXPAND", "CAPABILITY_IAM");
    }

    @Test
    void resources_of_a_for_each_loop_count_before_the_transform_applies() {
        Template template = yaml("Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n"
                + "Resources:\n"
                + "  Fn::ForEach::Workers:\n"
                + "    - Name\n"
                + "    - [a, b]\n"
                + "    - ${Name}Worker: {Type: AWS::Serverless::Function, Properties: {Handler: a.B, CodeUri: fn}}\n"
                + "      Fn::ForEach::Roles:\n"
                + "        - Role\n"
                + "        - [x]\n"
                + "        - ${Name}${Role}: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub '${Name}-${Role}'}}\n");

        assertThat(template.resources()).containsOnlyKeys("${Name}Worker", "${Name}${Role}");
        assertThat(template.requiredCapabilities())
                .containsExactly("CAPABILITY_AUTO_EXPAND", "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM");
    }

    @Test
    void a_for_each_loop_without_the_language_extensions_transform_is_refused_saying_to_add_it() {
        assertThatThrownBy(() -> yaml("Resources:\n"
                        + "  Fn::ForEach::Queues: [Name, [a], {'${Name}Queue': {Type: AWS::SQS::Queue}}]\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Fn::ForEach::Queues is a Fn::ForEach loop")
                .hasMessageContaining("needs the AWS::LanguageExtensions transform");
    }

    @Test
    void sam_functions_with_their_own_role_need_no_iam() {
        Template template = yaml("Transform: AWS::Serverless-2016-10-31\n"
                + resources("  Given: {Type: AWS::Serverless::Function, Properties: {Role: arn:aws:iam::1:role/r}}\n"));

        assertThat(template.requiredCapabilities()).containsExactly("CAPABILITY_AUTO_EXPAND");
    }

    @Test
    void transform_list_is_read() {
        Template template = yaml("Transform: [AWS::Serverless-2016-10-31, AWS::LanguageExtensions]\n"
                + resources("  Q: {Type: AWS::SQS::Queue}\n"));

        assertThat(template.transforms()).containsExactly("AWS::Serverless-2016-10-31", "AWS::LanguageExtensions");
    }

    @Test
    void nested_stack_needs_auto_expand() {
        Template template = yaml(resources("  Child: {Type: AWS::CloudFormation::Stack}\n"));

        assertThat(template.requiredCapabilities()).containsExactly("CAPABILITY_AUTO_EXPAND");
    }

    @Test
    void json_returns_a_copy() {
        Template template = yaml(resources("  Q: {Type: AWS::SQS::Queue}\n"));

        template.json().remove("Resources");

        assertThat(template.toJson()).contains("Resources");
    }
}
