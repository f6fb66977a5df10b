package dev.cloudtest.core.internal.moto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Definitions rewritten into the one form moto's CloudFormation reads, meaning what they meant. */
class MotoStateMachineDefinitionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode rewritten(String properties) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(properties);
        MotoStateMachineDefinitions.rewrite(node);
        return node;
    }

    @Test
    void a_definition_object_with_substitutions_and_an_intrinsic_becomes_a_joined_definition_string() throws Exception {
        ObjectNode p = rewritten(
                """
                {"Definition": {"StartAt": "A", "States": {"A": {"Type": "Task",
                   "Resource": "${Fn}", "Parameters": {"Table": {"Ref": "T"}, "Name.$": "$$.Execution.Name"},
                   "End": true}}},
                 "DefinitionSubstitutions": {"Fn": {"Fn::GetAtt": ["Worker", "Arn"]}}}
                """);

        assertThat(p.has("Definition")).isFalse();
        assertThat(p.has("DefinitionSubstitutions")).isFalse();
        String join = p.path("DefinitionString").path("Fn::Join").toString();
        assertThat(join)
                .contains("{\"Fn::GetAtt\":[\"Worker\",\"Arn\"]}")
                .contains("{\"Ref\":\"T\"}")
                .contains("$$.Execution.Name")
                .doesNotContain("${Fn}");
    }

    @Test
    void sams_joined_lines_get_their_substitutions_and_other_placeholders_stay_as_written() throws Exception {
        ObjectNode p = rewritten(
                """
                {"DefinitionString": {"Fn::Join": ["\\n", ["{", "\\"Resource\\": \\"${Fn}\\",", "\\"Note\\": \\"${other}\\"", "}"]]},
                 "DefinitionSubstitutions": {"Fn": "arn:aws:lambda:us-east-1:123456789012:function:f"}}
                """);

        assertThat(p.path("DefinitionString").path("Fn::Join").path(1).path(1).toString())
                .isEqualTo("{\"Fn::Join\":[\"\",[\"\\\"Resource\\\": \\\"\",\"arn:aws:lambda:us-east-1:123456789012:"
                        + "function:f\",\"\\\",\"]]}");
        assertThat(p.path("DefinitionString").path("Fn::Join").path(1).path(2).asText())
                .isEqualTo("\"Note\": \"${other}\"");
    }

    @Test
    void a_sub_definition_string_keeps_its_template_names_in_sub_pieces() throws Exception {
        ObjectNode p = rewritten(
                """
                {"DefinitionString": {"Fn::Sub": "{\\"T\\": \\"${Table}\\", \\"F\\": \\"${Fn}\\"}"},
                 "DefinitionSubstitutions": {"Fn": {"Ref": "Worker"}}}
                """);

        assertThat(p.path("DefinitionString").toString())
                .isEqualTo("{\"Fn::Join\":[\"\",[{\"Fn::Sub\":\"{\\\"T\\\": \\\"${Table}\\\", \\\"F\\\": \\\"\"},"
                        + "{\"Ref\":\"Worker\"},\"\\\"}\"]]}");
    }

    @Test
    void a_definition_string_without_substitutions_is_left_alone() throws Exception {
        ObjectNode p = rewritten("{\"DefinitionString\": \"{\\\"StartAt\\\": \\\"${x}\\\"}\"}");

        assertThat(p.path("DefinitionString").asText()).isEqualTo("{\"StartAt\": \"${x}\"}");
    }
}
