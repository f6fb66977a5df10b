package dev.cloudtest.core.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Short-form tags as CloudFormation reads them; compared as JSON so the expectations read like the long form. */
class CloudFormationYamlTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode value(String yaml) {
        return MAPPER.valueToTree(CloudFormationYaml.load("Value: " + yaml)).get("Value");
    }

    private static JsonNode json(String json) {
        try {
            return MAPPER.readTree(json.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void ref_becomes_long_form() {
        assertThat(value("!Ref Stage")).isEqualTo(json("{'Ref': 'Stage'}"));
    }

    @Test
    void get_att_scalar_splits_at_the_first_dot() {
        assertThat(value("!GetAtt Queue.Arn")).isEqualTo(json("{'Fn::GetAtt': ['Queue', 'Arn']}"));
        assertThat(value("!GetAtt Db.Endpoint.Address")).isEqualTo(json("{'Fn::GetAtt': ['Db', 'Endpoint.Address']}"));
    }

    @Test
    void get_att_list_form_is_kept() {
        assertThat(value("!GetAtt [Queue, Arn]")).isEqualTo(json("{'Fn::GetAtt': ['Queue', 'Arn']}"));
    }

    @Test
    void sub_scalar_form() {
        assertThat(value("!Sub '${AWS::StackName}-bucket'")).isEqualTo(json("{'Fn::Sub': '${AWS::StackName}-bucket'}"));
    }

    @Test
    void sub_list_form_with_nested_ref() {
        assertThat(value("!Sub ['${Name}-x', {Name: !Ref Stage}]"))
                .isEqualTo(json("{'Fn::Sub': ['${Name}-x', {'Name': {'Ref': 'Stage'}}]}"));
    }

    @Test
    void nested_tags_inside_join() {
        assertThat(value("!Join ['', [!Ref A, x, !GetAtt B.Arn]]"))
                .isEqualTo(json("{'Fn::Join': ['', [{'Ref': 'A'}, 'x', {'Fn::GetAtt': ['B', 'Arn']}]]}"));
    }

    @Test
    void if_with_nested_refs_in_block_style() {
        JsonNode value = value("\n  !If\n    - IsProd\n    - !Ref ProdName\n    - !Ref AWS::NoValue\n");

        assertThat(value).isEqualTo(json("{'Fn::If': ['IsProd', {'Ref': 'ProdName'}, {'Ref': 'AWS::NoValue'}]}"));
    }

    @Test
    void condition_tag_is_not_prefixed_with_fn() {
        assertThat(value("!Condition IsProd")).isEqualTo(json("{'Condition': 'IsProd'}"));
    }

    @Test
    void equals_and_not_nest() {
        assertThat(value("!Not [!Equals [!Ref Stage, prod]]"))
                .isEqualTo(json("{'Fn::Not': [{'Fn::Equals': [{'Ref': 'Stage'}, 'prod']}]}"));
    }

    @Test
    void mapping_argument_is_kept() {
        assertThat(value("!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}"))
                .isEqualTo(json("{'Fn::Transform': {'Name': 'AWS::Include', 'Parameters': {'Location': 's3://b/k'}}}"));
    }

    @Test
    void unquoted_date_stays_a_string() {
        assertThat(value("2010-09-09")).isEqualTo(json("'2010-09-09'"));
    }

    @Test
    void numbers_and_booleans_keep_their_type() {
        assertThat(value("30").isInt()).isTrue();
        assertThat(value("true").isBoolean()).isTrue();
    }
}
