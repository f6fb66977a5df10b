package dev.cloudtest.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.naming.RunIds;
import dev.cloudtest.core.internal.naming.StackNames;
import dev.cloudtest.core.internal.template.Template;
import org.junit.jupiter.api.Test;

class DerivedNamesTest {
    private static Template bucketNamed(String name) {
        return Template.parse(
                "Resources:\n  Uploads:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: " + name + "\n",
                "t.yaml");
    }

    @Test
    void a_derived_name_over_the_service_limit_is_refused_naming_resource_name_and_limit() {
        String stack = "ct-document-intake-12345678901-1-a1b2c3";

        assertThatThrownBy(() -> DerivedNames.check(
                        bucketNamed("!Sub '${AWS::StackName}-uploads-and-archives'"), stack + "-abcd"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(
                        "Uploads.BucketName would be '" + stack + "-abcd-uploads-and-archives' (65 characters)")
                .hasMessageContaining("S3 allows 63")
                .hasMessageContaining("leave BucketName out");
        assertThatCode(() -> DerivedNames.check(bucketNamed("!Sub '${AWS::StackName}-uploads-and-archives'"), stack))
                .doesNotThrowAnyException();
    }

    @Test
    void the_longest_stack_name_a_run_gives_leaves_room_for_the_usual_suffixes() {
        // The longest case: a 20-character prefix is allowed, but with the default prefix "ct" the run id (24) and
        // the session (8) are at their maximum and the stack id is long.
        String stack = StackNames.first(
                "ct",
                "order-pipeline-with-a-very-long-id",
                "a".repeat(RunIds.MAX_LENGTH),
                "b".repeat(RunIds.MAX_SESSION_LENGTH));
        Template template = Template.parse(
                """
                Resources:
                  Uploads:
                    Type: AWS::S3::Bucket
                    Properties: {BucketName: !Sub '${AWS::StackName}-uploads'}
                  PlaceOrder:
                    Type: AWS::Lambda::Function
                    Properties: {FunctionName: !Sub '${AWS::StackName}-PlaceOrderFunction'}
                  Role:
                    Type: AWS::IAM::Role
                    Properties: {RoleName: !Sub '${AWS::StackName}-functions-role'}
                """,
                "t.yaml");

        assertThatCode(() -> DerivedNames.check(template, stack)).doesNotThrowAnyException();
    }

    @Test
    void names_that_need_other_values_are_left_to_cloudformation() {
        assertThatCode(() -> DerivedNames.check(
                        bucketNamed("!Sub '${AWS::StackName}-${Suffix}-" + "x".repeat(80) + "'"), "ct-a-r1-s1"))
                .doesNotThrowAnyException();
    }
}
