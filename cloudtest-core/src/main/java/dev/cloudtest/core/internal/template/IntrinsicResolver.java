package dev.cloudtest.core.internal.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions of a deployed stack's template values to concrete values, as CloudFormation did:
 * {@code Ref} (parameters, pseudo parameters, physical ids), {@code Fn::GetAtt} ({@code Arn} of queues, topics,
 * functions, tables, buckets, roles, state machines; {@code Name} of buses), {@code Fn::Sub}, {@code Fn::Join},
 * {@code Fn::Select}. What it cannot resolve is left as is and reported by {@link #isResolved(JsonNode)}.
 */
public final class IntrinsicResolver {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> parameters;
    private final Map<String, String> physicalIds;
    private final Map<String, String> resourceTypes;
    private final String region;
    private final String accountId;
    private final String stackName;
    private final String stackId;
    /** Attribute values known otherwise (resources cloudtest created itself), by {@code LogicalId.Attribute}. */
    private final Map<String, String> attributes;

    /** A resolver for a created stack: its physical ids and types, its name and id, and its session's region and account. */
    public static IntrinsicResolver forStack(dev.cloudtest.core.Stack stack, Map<String, String> parameters) {
        return forStack(stack, parameters, stack.physicalIds(), stack.resourceTypes());
    }

    /** The same, with the physical ids and types given (e.g. completed with resources served locally). */
    public static IntrinsicResolver forStack(
            dev.cloudtest.core.Stack stack,
            Map<String, String> parameters,
            Map<String, String> physicalIds,
            Map<String, String> resourceTypes) {
        return new IntrinsicResolver(
                parameters,
                physicalIds,
                resourceTypes,
                stack.session().region(),
                stack.session().accountId(),
                stack.name(),
                stack.stackId());
    }

    public IntrinsicResolver(
            Map<String, String> parameters,
            Map<String, String> physicalIds,
            Map<String, String> resourceTypes,
            String region,
            String accountId,
            String stackName,
            String stackId) {
        this(parameters, physicalIds, resourceTypes, region, accountId, stackName, stackId, Map.of());
    }

    private IntrinsicResolver(
            Map<String, String> parameters,
            Map<String, String> physicalIds,
            Map<String, String> resourceTypes,
            String region,
            String accountId,
            String stackName,
            String stackId,
            Map<String, String> attributes) {
        this.attributes = Map.copyOf(attributes);
        this.parameters = Map.copyOf(parameters);
        this.physicalIds = Map.copyOf(physicalIds);
        this.resourceTypes = Map.copyOf(resourceTypes);
        this.region = region;
        this.accountId = accountId;
        this.stackName = stackName;
        this.stackId = stackId;
    }

    /**
     * The same resolver that also knows these resources: their physical ids, types and attribute values (by {@code
     * LogicalId.Attribute}), e.g. resources cloudtest created itself.
     */
    public IntrinsicResolver with(
            Map<String, String> morePhysicalIds, Map<String, String> moreTypes, Map<String, String> moreAttributes) {
        Map<String, String> ids = new java.util.HashMap<>(physicalIds);
        ids.putAll(morePhysicalIds);
        Map<String, String> types = new java.util.HashMap<>(resourceTypes);
        types.putAll(moreTypes);
        Map<String, String> attrs = new java.util.HashMap<>(attributes);
        attrs.putAll(moreAttributes);
        return new IntrinsicResolver(parameters, ids, types, region, accountId, stackName, stackId, attrs);
    }

    /** The value with every resolvable intrinsic function replaced by its value. */
    public JsonNode resolve(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isObject() && value.size() == 1) {
            String function = value.fieldNames().next();
            JsonNode argument = value.get(function);
            Optional<String> resolved =
                    switch (function) {
                        case "Ref" -> ref(argument.asText());
                        case "Fn::GetAtt" -> getAtt(argument);
                        case "Fn::Sub" -> sub(argument);
                        case "Fn::Join" -> join(argument);
                        case "Fn::Select" -> select(argument);
                        default -> Optional.empty();
                    };
            if (resolved.isPresent()) {
                return JsonNodeFactory.instance.textNode(resolved.get());
            }
        }
        if (value.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), resolve(field.getValue()));
            }
            return copy;
        }
        if (value.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> copy.add(resolve(item)));
            return copy;
        }
        return value;
    }

    /** Whether no intrinsic function is left in the value. */
    public static boolean isResolved(JsonNode value) {
        if (value.isObject()) {
            Iterator<String> names = value.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (name.equals("Ref") || name.startsWith("Fn::") || !isResolved(value.get(name))) {
                    return false;
                }
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                if (!isResolved(item)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A Ref: a parameter's value, a pseudo parameter, or a resource's physical id. */
    public Optional<String> ref(String name) {
        return switch (name) {
            case "AWS::Region" -> Optional.of(region);
            case "AWS::AccountId" -> Optional.of(accountId);
            case "AWS::StackName" -> Optional.of(stackName);
            case "AWS::StackId" -> Optional.of(stackId);
            case "AWS::Partition" -> Optional.of(partition());
            case "AWS::URLSuffix" -> Optional.of(urlSuffix());
            default -> Optional.ofNullable(parameters.get(name)).or(() -> Optional.ofNullable(physicalIds.get(name)));
        };
    }

    /** An attribute of a resource, for the attributes whose value follows from the physical id. */
    public Optional<String> attribute(String logicalId, String attribute) {
        String known = attributes.get(logicalId + "." + attribute);
        if (known != null) {
            return Optional.of(known);
        }
        String physical = physicalIds.get(logicalId);
        String type = resourceTypes.get(logicalId);
        if (physical == null || type == null) {
            return Optional.empty();
        }
        String arnPrefix = "arn:" + partition() + ":";
        return switch (type + "." + attribute) {
            case "AWS::SQS::Queue.Arn" -> Optional.of(queueArn(region, accountId, physical));
            case "AWS::SQS::Queue.QueueName" -> Optional.of(lastSegment(physical));
            case "AWS::SQS::Queue.QueueUrl" -> Optional.of(physical);
            case "AWS::SNS::Topic.TopicArn" -> Optional.of(physical);
            case "AWS::SNS::Topic.TopicName" -> Optional.of(physical.substring(physical.lastIndexOf(':') + 1));
            case "AWS::S3::Bucket.Arn" -> Optional.of(arnPrefix + "s3:::" + physical);
            case "AWS::DynamoDB::Table.Arn" ->
                Optional.of(arnPrefix + "dynamodb:" + region + ":" + accountId + ":table/" + physical);
            case "AWS::Lambda::Function.Arn" ->
                Optional.of(
                        physical.startsWith("arn:")
                                ? physical
                                : arnPrefix + "lambda:" + region + ":" + accountId + ":function:" + physical);
            case "AWS::IAM::Role.Arn" ->
                Optional.of(
                        physical.startsWith("arn:") ? physical : arnPrefix + "iam::" + accountId + ":role/" + physical);
            case "AWS::StepFunctions::StateMachine.Arn" -> Optional.of(physical);
            case "AWS::StepFunctions::StateMachine.Name" ->
                Optional.of(physical.substring(physical.lastIndexOf(':') + 1));
            case "AWS::Events::EventBus.Name" ->
                Optional.of(physical.startsWith("arn:") ? physical.substring(physical.lastIndexOf('/') + 1) : physical);
            case "AWS::ApiGatewayV2::Api.ApiId" -> Optional.of(physical);
            case "AWS::ApiGatewayV2::Api.ApiEndpoint" ->
                Optional.of("https://" + physical + ".execute-api." + region + "." + urlSuffix());
            case "AWS::Lambda::Version.Version" -> Optional.of(physical.substring(physical.lastIndexOf(':') + 1));
            case "AWS::Kinesis::Stream.Arn" ->
                Optional.of(
                        physical.startsWith("arn:")
                                ? physical
                                : arnPrefix + "kinesis:" + region + ":" + accountId + ":stream/" + physical);
            case "AWS::Logs::LogGroup.Arn" ->
                Optional.of(arnPrefix + "logs:" + region + ":" + accountId + ":log-group:" + physical + ":*");
            default -> Optional.empty();
        };
    }

    private Optional<String> getAtt(JsonNode argument) {
        if (argument.isArray() && argument.size() == 2) {
            return attribute(argument.get(0).asText(), argument.get(1).asText());
        }
        if (argument.isTextual() && argument.asText().contains(".")) {
            String text = argument.asText();
            int dot = text.indexOf('.');
            return attribute(text.substring(0, dot), text.substring(dot + 1));
        }
        return Optional.empty();
    }

    private Optional<String> sub(JsonNode argument) {
        String text;
        Map<String, JsonNode> variables = new java.util.HashMap<>();
        if (argument.isTextual()) {
            text = argument.asText();
        } else if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()) {
            text = argument.get(0).asText();
            argument.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue()));
        } else {
            return Optional.empty();
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            Optional<String> value;
            if (variables.containsKey(name)) {
                JsonNode resolved = resolve(variables.get(name));
                value = resolved.isTextual() ? Optional.of(resolved.asText()) : Optional.empty();
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                int dot = name.indexOf('.');
                value = attribute(name.substring(0, dot), name.substring(dot + 1));
            } else {
                value = ref(name);
            }
            if (value.isEmpty()) {
                return Optional.empty();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value.get()));
        }
        matcher.appendTail(result);
        return Optional.of(result.toString().replace("${!", "${"));
    }

    private Optional<String> join(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2) {
            return Optional.empty();
        }
        JsonNode items = resolve(argument.get(1));
        if (!items.isArray()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isValueNode()) {
                return Optional.empty();
            }
            parts.add(item.asText());
        }
        return Optional.of(String.join(argument.get(0).asText(), parts));
    }

    private Optional<String> select(JsonNode argument) {
        if (!argument.isArray() || argument.size() != 2) {
            return Optional.empty();
        }
        JsonNode items = resolve(argument.get(1));
        int index = resolve(argument.get(0)).asInt(-1);
        if (!items.isArray()
                || index < 0
                || index >= items.size()
                || !items.get(index).isValueNode()) {
            return Optional.empty();
        }
        return Optional.of(items.get(index).asText());
    }

    /** The ARN of the queue at this URL (a queue's physical id), in the region's partition. */
    public static String queueArn(String region, String accountId, String queueUrl) {
        return "arn:" + partition(region) + ":sqs:" + region + ":" + accountId + ":" + lastSegment(queueUrl);
    }

    /** The partition of the region: {@code aws}, {@code aws-cn} or {@code aws-us-gov}. */
    private String partition() {
        return partition(region);
    }

    private static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    private String urlSuffix() {
        return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    private static String lastSegment(String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
