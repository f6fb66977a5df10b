package dev.cloudtest.core.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Lambda tasks of a state machine, in each way templates write definitions. */
class StateMachineTasksTest {
    private static List<StateMachineTasks.Task> tasks(String properties) {
        Template template = Template.parse(
                "Resources:\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
                        + properties.indent(6),
                "test");
        return StateMachineTasks.of(template.resources().get("Machine"));
    }

    @Test
    void a_definition_object_with_substitutions_names_the_functions_of_both_task_shapes() {
        List<StateMachineTasks.Task> tasks = tasks(
                """
                Definition:
                  StartAt: Price
                  States:
                    Price:
                      Type: Task
                      Resource: arn:aws:states:::lambda:invoke
                      Parameters: {FunctionName: "${PriceArn}", Payload.$: $}
                      Next: Review
                    Review: {Type: Task, Resource: "${ReviewArn}", Next: Store}
                    Store: {Type: Task, Resource: "arn:aws:states:::dynamodb:putItem", End: true}
                DefinitionSubstitutions:
                  PriceArn: !GetAtt Price.Arn
                  ReviewArn: !Ref Review
                """);

        assertThat(tasks).extracting(StateMachineTasks.Task::state).containsExactly("Price", "Review");
        assertThat(Template.references(tasks.get(0).function(), "Price")).isTrue();
        assertThat(Template.references(tasks.get(1).function(), "Review")).isTrue();
    }

    @Test
    void a_sub_definition_string_names_the_function_of_a_placeholder_among_pseudo_parameters() {
        List<StateMachineTasks.Task> tasks = tasks(
                """
                DefinitionString: !Sub |
                  {"StartAt": "A", "States": {
                    "A": {"Type": "Task", "Resource": "arn:${AWS::Partition}:states:::lambda:invoke.waitForTaskToken",
                          "Parameters": {"FunctionName": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Worker}"},
                          "Next": "B"},
                    "B": {"Type": "Task", "Resource": "${Checker.Arn}", "End": true}}}
                """);

        assertThat(tasks).extracting(StateMachineTasks.Task::state).containsExactly("A", "B");
        assertThat(Template.references(tasks.get(0).function(), "Worker")).isTrue();
        assertThat(Template.readsAttributeOf(tasks.get(1).function(), "Checker"))
                .isTrue();
    }

    @Test
    void a_joined_definition_string_and_nested_branches_and_maps_are_read() {
        List<StateMachineTasks.Task> tasks = tasks(
                """
                DefinitionString:
                  Fn::Join:
                    - ""
                    - - '{"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "End": true, "Branches": ['
                      - '{"StartAt": "One", "States": {"One": {"Type": "Task", "Resource": "'
                      - !GetAtt First.Arn
                      - '", "End": true}}},'
                      - '{"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true, "ItemProcessor":'
                      - '{"StartAt": "Two", "States": {"Two": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",'
                      - '"Parameters": {"FunctionName.$": "$.fn"}, "End": true}}}}}}]}}}'
                """);

        assertThat(tasks).extracting(StateMachineTasks.Task::state).containsExactly("One", "Two");
        assertThat(Template.references(tasks.get(0).function(), "First")).isTrue();
        assertThat(tasks.get(1).function().asText()).as("decided when it runs").isEqualTo("$.fn");
    }

    @Test
    void a_definition_elsewhere_or_unreadable_has_no_tasks_to_name() {
        assertThat(tasks("DefinitionS3Location: {Bucket: b, Key: k}")).isEmpty();
        assertThat(tasks("DefinitionString: '{not json'")).isEmpty();
    }
}
