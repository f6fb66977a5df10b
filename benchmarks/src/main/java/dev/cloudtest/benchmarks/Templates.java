package dev.cloudtest.benchmarks;

import java.util.StringJoiner;

/**
 * Generated CloudFormation templates (JSON) for the benchmarks. No physical name is hard-coded: names the emulator
 * requires (SSM parameters, the event bus) are derived from {@code AWS::StackName}, so parallel stacks never collide.
 */
final class Templates {
    private Templates() {}

    /**
     * A stack of {@code count} resources, cycling through an SQS queue, an SNS topic and an SSM parameter — types that
     * moto creates through CloudFormation.
     */
    static String resources(int count) {
        StringJoiner resources = new StringJoiner(",");
        for (int i = 0; i < count; i++) {
            String logicalId;
            String body;
            switch (i % 3) {
                case 0 -> {
                    logicalId = "Queue" + i;
                    body = "{\"Type\":\"AWS::SQS::Queue\"}";
                }
                case 1 -> {
                    logicalId = "Topic" + i;
                    body = "{\"Type\":\"AWS::SNS::Topic\"}";
                }
                default -> {
                    logicalId = "Parameter" + i;
                    body = "{\"Type\":\"AWS::SSM::Parameter\",\"Properties\":{\"Type\":\"String\",\"Value\":\"v" + i
                            + "\",\"Name\":{\"Fn::Sub\":\"/${AWS::StackName}/p" + i + "\"}}}";
                }
            }
            resources.add("\"" + logicalId + "\":" + body);
        }
        return "{\"AWSTemplateFormatVersion\":\"2010-09-09\",\"Resources\":{" + resources
                + "},\"Outputs\":{\"First\":{\"Value\":{\"Ref\":\"Queue0\"}}}}";
    }

    /** A queue, a topic and an event bus: the targets of the probe scenario. */
    static String probeTargets() {
        return """
                {"AWSTemplateFormatVersion":"2010-09-09","Resources":{
                  "Queue":{"Type":"AWS::SQS::Queue"},
                  "Topic":{"Type":"AWS::SNS::Topic"},
                  "Bus":{"Type":"AWS::Events::EventBus","Properties":{"Name":{"Fn::Sub":"${AWS::StackName}-bus"}}}},
                 "Outputs":{
                  "QueueUrl":{"Value":{"Ref":"Queue"}},
                  "TopicArn":{"Value":{"Ref":"Topic"}},
                  "BusName":{"Value":{"Fn::GetAtt":["Bus","Name"]}}}}
                """;
    }
}
