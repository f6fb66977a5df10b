package dev.cloudtest.core.internal.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.template.Template;
import java.util.List;
import java.util.Optional;

/**
 * Physical names that a template derives from the stack name ({@code !Sub '${AWS::StackName}-uploads'}), checked
 * against the service's length limit with the stack name this run really uses — before anything is created, instead
 * of a CREATE_FAILED halfway through the stack. Names that need other values to be known are left to CloudFormation.
 */
public final class DerivedNames {
    /** A name property and the longest value its service accepts. */
    private record Limit(String type, String property, int max, String service) {}

    private static final List<Limit> LIMITS = List.of(
            new Limit("AWS::S3::Bucket", "BucketName", 63, "S3"),
            new Limit("AWS::Lambda::Function", "FunctionName", 64, "Lambda"),
            new Limit("AWS::IAM::Role", "RoleName", 64, "IAM"),
            new Limit("AWS::Events::Rule", "Name", 64, "EventBridge"),
            new Limit("AWS::SQS::Queue", "QueueName", 80, "SQS"),
            new Limit("AWS::StepFunctions::StateMachine", "StateMachineName", 80, "Step Functions"),
            new Limit("AWS::Kinesis::Stream", "Name", 128, "Kinesis"),
            new Limit("AWS::DynamoDB::Table", "TableName", 255, "DynamoDB"),
            new Limit("AWS::SNS::Topic", "TopicName", 256, "SNS"),
            new Limit("AWS::Events::EventBus", "Name", 256, "EventBridge"),
            new Limit("AWS::Logs::LogGroup", "LogGroupName", 512, "CloudWatch Logs"));

    private DerivedNames() {}

    /**
     * @throws ConfigurationException naming the resource, the name it would get, the limit and what to change
     */
    public static void check(Template template, String stackName) {
        for (Template.Resource resource : template.resources().values()) {
            for (Limit limit : LIMITS) {
                if (!resource.type().equals(limit.type())) {
                    continue;
                }
                Optional<String> name = derived(resource.properties().path(limit.property()), stackName);
                if (name.isPresent() && name.get().length() > limit.max()) {
                    throw new ConfigurationException("Template " + template.origin() + ": " + resource.logicalId()
                            + "." + limit.property() + " would be '" + name.get() + "' ("
                            + name.get().length()
                            + " characters) with this run's stack name " + stackName + "; " + limit.service()
                            + " allows " + limit.max() + ". Shorten what the template adds to ${AWS::StackName}, or "
                            + "give the stack a shorter id (@CloudStack(id = ...), StackSpec.id) or "
                            + "cloudtest.name-prefix, or leave " + limit.property()
                            + " out so that CloudFormation generates the name.");
                }
            }
        }
    }

    /** The name, when it is the stack name alone or a {@code Fn::Sub} of it and literal text; else empty. */
    private static Optional<String> derived(JsonNode value, String stackName) {
        if (value.path("Ref").asText("").equals("AWS::StackName")) {
            return Optional.of(stackName);
        }
        JsonNode sub = value.path("Fn::Sub");
        String text = sub.isTextual()
                ? sub.asText()
                : sub.isArray() && sub.size() == 2 ? sub.get(0).asText() : null;
        if (text == null || !text.contains("${AWS::StackName}")) {
            return Optional.empty();
        }
        String resolved = text.replace("${AWS::StackName}", stackName);
        return resolved.contains("${") ? Optional.empty() : Optional.of(resolved);
    }
}
