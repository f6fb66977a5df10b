package dev.cloudtest.core.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudtest.core.internal.template.Template;
import org.junit.jupiter.api.Test;

class NameLintTest {

    @Test
    void literal_names_are_flagged_with_resource_property_and_value() {
        var findings = NameLint.findings(
                template(
                        """
                Resources:
                  Orders:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: orders
                  Work:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: work-queue
                """));

        assertThat(findings)
                .extracting(NameLint.Finding::toString)
                .containsExactly(
                        "Orders (AWS::DynamoDB::Table) TableName=\"orders\"",
                        "Work (AWS::SQS::Queue) QueueName=\"work-queue\"");
    }

    @Test
    void sub_with_stack_name_or_parameter_and_ref_are_not_flagged() {
        var findings = NameLint.findings(
                template(
                        """
                Parameters:
                  Stage: {Type: String}
                Resources:
                  A:
                    Type: AWS::S3::Bucket
                    Properties:
                      BucketName: !Sub '${AWS::StackName}-data'
                  B:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: !Sub 'orders-${Stage}'
                  C:
                    Type: AWS::SNS::Topic
                    Properties:
                      TopicName: !Ref Stage
                  D:
                    Type: AWS::Logs::LogGroup
                    Properties:
                      LogGroupName: !Join ['-', [!Ref 'AWS::StackName', logs]]
                """));

        assertThat(findings).isEmpty();
    }

    @Test
    void sub_without_a_variable_is_a_literal_and_flagged() {
        var findings = NameLint.findings(
                template(
                        """
                Resources:
                  A:
                    Type: AWS::S3::Bucket
                    Properties:
                      BucketName: !Sub 'fixed-${!NotAVariable}'
                """));

        assertThat(findings).extracting(NameLint.Finding::logicalId).containsExactly("A");
    }

    @Test
    void resources_without_a_name_property_are_not_flagged() {
        assertThat(NameLint.findings(template("Resources:\n  A:\n    Type: AWS::S3::Bucket\n")))
                .isEmpty();
    }

    private static Template template(String yaml) {
        return Template.parse(yaml, "<test>");
    }
}
