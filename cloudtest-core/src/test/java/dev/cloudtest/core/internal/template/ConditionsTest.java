package dev.cloudtest.core.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final Template TEMPLATE = Template.parse(
            """
            Parameters:
              Stage: {Type: String, Default: test}
              Env: {Type: String}
            Mappings:
              Sizes: {test: {Big: 'no'}}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              NotProd: !Not [!Condition IsProd]
              InUsEast: !Equals [!Ref 'AWS::Region', us-east-1]
              Both: !And [!Condition NotProd, !Condition InUsEast]
              Either: !Or [!Condition IsProd, !Equals [!Sub '${Env}-x', dev-x]]
              FromMap: !Equals [!FindInMap [Sizes, !Ref Stage, Big], 'yes']
              AndDecidedByFalse: !And [!Condition IsProd, !Condition FromMap]
              Loop: !Condition Loop
            Resources:
              Always:
                Type: AWS::SQS::Queue
              OnlyInProd:
                Type: AWS::SQS::Queue
                Condition: IsProd
              Mapped:
                Type: AWS::SQS::Queue
                Condition: FromMap
            """,
            "t.yaml");

    private static Conditions with(Map<String, String> parameters) {
        return Conditions.of(
                TEMPLATE,
                new IntrinsicResolver(
                        parameters, Map.of(), Map.of(), "us-east-1", "123456789012", "ct-a-r-s", "arn:stack"));
    }

    @Test
    void equals_not_and_or_and_condition_references_are_evaluated_with_the_parameters() {
        Conditions conditions = with(Map.of("Stage", "test", "Env", "dev"));

        assertThat(conditions.value("IsProd")).hasValue(false);
        assertThat(conditions.value("NotProd")).hasValue(true);
        assertThat(conditions.value("InUsEast")).hasValue(true);
        assertThat(conditions.value("Both")).hasValue(true);
        assertThat(conditions.value("Either")).hasValue(true);
        assertThat(with(Map.of("Stage", "prod", "Env", "x")).value("Both")).hasValue(false);
    }

    @Test
    void what_cannot_be_told_here_is_undecided_never_guessed() {
        Conditions conditions = with(Map.of("Stage", "test", "Env", "dev"));

        assertThat(conditions.value("FromMap")).isEmpty();
        assertThat(conditions.value("AndDecidedByFalse")).hasValue(false);
        assertThat(conditions.value("Loop")).isEmpty();
        assertThat(conditions.value("NoSuchCondition")).isEmpty();
    }

    @Test
    void resources_without_a_condition_should_always_exist_and_conditional_ones_as_their_condition_says() {
        Conditions conditions = with(Map.of("Stage", "test", "Env", "dev"));

        assertThat(conditions.shouldExist(TEMPLATE, "Always")).hasValue(true);
        assertThat(conditions.shouldExist(TEMPLATE, "OnlyInProd")).hasValue(false);
        assertThat(conditions.shouldExist(TEMPLATE, "Mapped")).isEmpty();
    }
}
