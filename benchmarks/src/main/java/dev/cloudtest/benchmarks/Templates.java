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

    /**
     * Scenario 8: a Java function run locally ({@link EchoHandler}), its SQS event source (batch size 1) and a plain
     * queue for the hand-written baseline. {@code MarkDir} is where the handler records its start per SQS message.
     */
    static String localFunction() {
        return """
                {"AWSTemplateFormatVersion":"2010-09-09",
                 "Parameters":{"MarkDir":{"Type":"String"}},
                 "Resources":{
                  "Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17",
                    "Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},
                    "Action":"sts:AssumeRole"}]}}},
                  "Work":{"Type":"AWS::SQS::Queue","Properties":{"VisibilityTimeout":30}},
                  "Plain":{"Type":"AWS::SQS::Queue"},
                  "Echo":{"Type":"AWS::Lambda::Function","Metadata":{"cfn-lint":{"config":{"ignore_checks":["E3677"]}}},"Properties":{"Runtime":"java17",
                    "Handler":"dev.cloudtest.benchmarks.EchoHandler::handleRequest","Role":{"Fn::GetAtt":["Role","Arn"]},
                    "Timeout":30,"Code":{"ZipFile":"runs locally"},
                    "Environment":{"Variables":{"MARK_DIR":{"Ref":"MarkDir"}}}}},
                  "WorkMapping":{"Type":"AWS::Lambda::EventSourceMapping","Properties":{
                    "EventSourceArn":{"Fn::GetAtt":["Work","Arn"]},"FunctionName":{"Ref":"Echo"},"BatchSize":1}}},
                 "Outputs":{
                  "WorkUrl":{"Value":{"Ref":"Work"}},
                  "PlainUrl":{"Value":{"Ref":"Plain"}}}}
                """;
    }

    /**
     * Scenario 8's push triggers: {@link EchoHandler} behind a bucket notification, a topic subscription, a bus rule
     * and a schedule; beside each, a queue that the same source delivers to (the hand-written baseline's).
     */
    static String triggers() {
        return """
                {"AWSTemplateFormatVersion":"2010-09-09",
                 "Parameters":{"MarkDir":{"Type":"String"}},
                 "Resources":{
                  "Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17",
                    "Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},
                    "Action":"sts:AssumeRole"}]}}},
                  "Echo":{"Type":"AWS::Lambda::Function","Metadata":{"cfn-lint":{"config":{"ignore_checks":["E3677"]}}},"Properties":{"Runtime":"java17",
                    "Handler":"dev.cloudtest.benchmarks.EchoHandler::handleRequest","Role":{"Fn::GetAtt":["Role","Arn"]},
                    "Timeout":30,"Code":{"ZipFile":"runs locally"},
                    "Environment":{"Variables":{"MARK_DIR":{"Ref":"MarkDir"}}}}},
                  "S3Queue":{"Type":"AWS::SQS::Queue"},
                  "SnsQueue":{"Type":"AWS::SQS::Queue"},
                  "EventsQueue":{"Type":"AWS::SQS::Queue"},
                  "Uploads":{"Type":"AWS::S3::Bucket","Properties":{"NotificationConfiguration":{
                    "LambdaConfigurations":[{"Event":"s3:ObjectCreated:*","Function":{"Fn::GetAtt":["Echo","Arn"]},
                      "Filter":{"S3Key":{"Rules":[{"Name":"prefix","Value":"fn/"}]}}}],
                    "QueueConfigurations":[{"Event":"s3:ObjectCreated:*","Queue":{"Fn::GetAtt":["S3Queue","Arn"]},
                      "Filter":{"S3Key":{"Rules":[{"Name":"prefix","Value":"q/"}]}}}]}}},
                  "Notices":{"Type":"AWS::SNS::Topic"},
                  "NoticeToEcho":{"Type":"AWS::SNS::Subscription","Properties":{"TopicArn":{"Ref":"Notices"},
                    "Protocol":"lambda","Endpoint":{"Fn::GetAtt":["Echo","Arn"]}}},
                  "NoticeToQueue":{"Type":"AWS::SNS::Subscription","Properties":{"TopicArn":{"Ref":"Notices"},
                    "Protocol":"sqs","Endpoint":{"Fn::GetAtt":["SnsQueue","Arn"]},"RawMessageDelivery":true}},
                  "Bus":{"Type":"AWS::Events::EventBus","Properties":{"Name":{"Fn::Sub":"${AWS::StackName}-bench"}}},
                  "BenchRule":{"Type":"AWS::Events::Rule","Properties":{"EventBusName":{"Ref":"Bus"},
                    "EventPattern":{"source":["bench"]},"Targets":[
                      {"Id":"echo","Arn":{"Fn::GetAtt":["Echo","Arn"]},"InputPath":"$.detail"},
                      {"Id":"queue","Arn":{"Fn::GetAtt":["EventsQueue","Arn"]}}]}},
                  "Tick":{"Type":"AWS::Events::Rule","Properties":{"ScheduleExpression":"rate(1 day)",
                    "Targets":[{"Id":"echo","Arn":{"Fn::GetAtt":["Echo","Arn"]},"Input":"{\\"mark\\":\\"tick\\"}"}]}}},
                 "Outputs":{
                  "Bucket":{"Value":{"Ref":"Uploads"}},
                  "TopicArn":{"Value":{"Ref":"Notices"}},
                  "BusName":{"Value":{"Ref":"Bus"}},
                  "S3QueueUrl":{"Value":{"Ref":"S3Queue"}},
                  "SnsQueueUrl":{"Value":{"Ref":"SnsQueue"}},
                  "EventsQueueUrl":{"Value":{"Ref":"EventsQueue"}}}}
                """;
    }

    /**
     * Scenario 8's streams: {@link EchoHandler} on a table's stream with the mapping's defaults, and on a Kinesis
     * stream with a batch of 1 and no batching window.
     */
    static String streams() {
        return """
                {"AWSTemplateFormatVersion":"2010-09-09",
                 "Parameters":{"MarkDir":{"Type":"String"}},
                 "Resources":{
                  "Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17",
                    "Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},
                    "Action":"sts:AssumeRole"}]}}},
                  "Echo":{"Type":"AWS::Lambda::Function","Metadata":{"cfn-lint":{"config":{"ignore_checks":["E3677"]}}},
                    "Properties":{"Runtime":"java17",
                    "Handler":"dev.cloudtest.benchmarks.EchoHandler::handleRequest","Role":{"Fn::GetAtt":["Role","Arn"]},
                    "Timeout":30,"Code":{"ZipFile":"runs locally"},
                    "Environment":{"Variables":{"MARK_DIR":{"Ref":"MarkDir"}}}}},
                  "Items":{"Type":"AWS::DynamoDB::Table","Properties":{"BillingMode":"PAY_PER_REQUEST",
                    "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
                    "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
                    "StreamSpecification":{"StreamViewType":"NEW_IMAGE"}}},
                  "Clicks":{"Type":"AWS::Kinesis::Stream","Properties":{"ShardCount":1}},
                  "ItemsMapping":{"Type":"AWS::Lambda::EventSourceMapping","Properties":{
                    "EventSourceArn":{"Fn::GetAtt":["Items","StreamArn"]},"FunctionName":{"Ref":"Echo"},
                    "StartingPosition":"LATEST"}},
                  "ClicksMapping":{"Type":"AWS::Lambda::EventSourceMapping","Properties":{
                    "EventSourceArn":{"Fn::GetAtt":["Clicks","Arn"]},"FunctionName":{"Ref":"Echo"},
                    "StartingPosition":"LATEST","BatchSize":1,"MaximumBatchingWindowInSeconds":0}},
                  "Plain":{"Type":"AWS::DynamoDB::Table","Properties":{"BillingMode":"PAY_PER_REQUEST",
                    "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
                    "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],
                    "StreamSpecification":{"StreamViewType":"NEW_IMAGE"}}},
                  "PlainClicks":{"Type":"AWS::Kinesis::Stream","Properties":{"ShardCount":1}}},
                 "Outputs":{
                  "Table":{"Value":{"Ref":"Items"}},
                  "Stream":{"Value":{"Ref":"Clicks"}},
                  "PlainTable":{"Value":{"Ref":"Plain"}},
                  "PlainStream":{"Value":{"Ref":"PlainClicks"}}}}
                """;
    }
}
