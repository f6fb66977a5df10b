package dev.cloudtest.core.internal.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cloudtest.core.internal.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds hard-coded physical names: a name property whose value is a literal, not derived from the stack name or a
 * parameter. Two runs of the same template (or a run and another environment) would collide on them.
 */
public final class NameLint {
    /** The name property of each resource type that has one. */
    private static final Map<String, String> NAME_PROPERTIES = Map.ofEntries(
            Map.entry("AWS::S3::Bucket", "BucketName"),
            Map.entry("AWS::DynamoDB::Table", "TableName"),
            Map.entry("AWS::SQS::Queue", "QueueName"),
            Map.entry("AWS::SNS::Topic", "TopicName"),
            Map.entry("AWS::Lambda::Function", "FunctionName"),
            Map.entry("AWS::Serverless::Function", "FunctionName"),
            Map.entry("AWS::IAM::Role", "RoleName"),
            Map.entry("AWS::IAM::ManagedPolicy", "ManagedPolicyName"),
            Map.entry("AWS::StepFunctions::StateMachine", "StateMachineName"),
            Map.entry("AWS::Events::EventBus", "Name"),
            Map.entry("AWS::Events::Rule", "Name"),
            Map.entry("AWS::Logs::LogGroup", "LogGroupName"),
            Map.entry("AWS::SSM::Parameter", "Name"),
            Map.entry("AWS::Kinesis::Stream", "Name"),
            Map.entry("AWS::ApiGateway::RestApi", "Name"),
            Map.entry("AWS::SecretsManager::Secret", "Name"));

    /** One hard-coded name. */
    public record Finding(String logicalId, String type, String property, String value) {
        @Override
        public String toString() {
            return logicalId + " (" + type + ") " + property + "=" + value;
        }
    }

    private NameLint() {}

    /** Every hard-coded physical name in the template. */
    public static List<Finding> findings(Template template) {
        List<Finding> findings = new ArrayList<>();
        for (Template.Resource resource : template.resources().values()) {
            String property = NAME_PROPERTIES.get(resource.type());
            if (property == null) {
                continue;
            }
            JsonNode value = resource.properties().get(property);
            if (value != null && !derived(value)) {
                findings.add(new Finding(resource.logicalId(), resource.type(), property, value.toString()));
            }
        }
        return findings;
    }

    /** Derived when it refers to something that varies per stack: a Ref, or a Sub with a ${...} variable. */
    private static boolean derived(JsonNode value) {
        if (value.isTextual() || value.isNumber()) {
            return false;
        }
        if (value.isObject()) {
            if (value.has("Ref")
                    || value.has("Fn::ImportValue")
                    || value.has("Fn::GetAtt")
                    || value.has("Fn::FindInMap")) {
                return true;
            }
            JsonNode sub = value.get("Fn::Sub");
            if (sub != null) {
                String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
                return text.matches("(?s).*\\$\\{[^!].*");
            }
        }
        for (JsonNode child : value) {
            if (derived(child)) {
                return true;
            }
        }
        return false;
    }
}
