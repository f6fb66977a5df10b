package dev.cloudtest.core.internal.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Task} states of a template's {@code AWS::StepFunctions::StateMachine} that invoke a Lambda function,
 * read from its {@code Definition} or {@code DefinitionString} (a string, {@code Fn::Sub} or {@code Fn::Join}) with
 * its {@code DefinitionSubstitutions}, through {@code Parallel} branches and {@code Map} processors. Both task shapes
 * count: {@code arn:aws:states:::lambda:invoke} with {@code FunctionName}, and a function ARN as the {@code Resource}.
 */
public final class StateMachineTasks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}!][^}]*)}");
    private static final String JOINED_PART = "cloudtest.part.";

    /**
     * A Lambda task.
     *
     * @param state the state's name, as the execution history shows it
     * @param function what names the function: the template's value ({@code Ref}, {@code Fn::GetAtt}), an ARN as
     *     written, or a JSONPath ({@code FunctionName.$}) decided only when the execution runs
     */
    public record Task(String state, JsonNode function) {}

    private StateMachineTasks() {}

    /**
     * The Lambda tasks of a state machine resource; empty when it has none or its definition is not in the template
     * ({@code DefinitionS3Location}) or cannot be read.
     */
    public static List<Task> of(Template.Resource stateMachine) {
        JsonNode properties = stateMachine.properties();
        Map<String, JsonNode> substitutions = new HashMap<>();
        properties
                .path("DefinitionSubstitutions")
                .fields()
                .forEachRemaining(e -> substitutions.put(e.getKey(), e.getValue()));
        Optional<JsonNode> definition = definition(properties, substitutions);
        List<Task> tasks = new ArrayList<>();
        definition.ifPresent(d -> collect(d, substitutions, tasks));
        return tasks;
    }

    private static Optional<JsonNode> definition(JsonNode properties, Map<String, JsonNode> substitutions) {
        if (properties.path("Definition").isObject()) {
            return Optional.of(properties.get("Definition"));
        }
        JsonNode written = properties.path("DefinitionString");
        String text;
        if (written.isTextual()) {
            text = written.asText();
        } else if (written.has("Fn::Sub")) {
            JsonNode sub = written.get("Fn::Sub");
            text = (sub.isArray() ? sub.path(0) : sub).asText("");
            if (sub.isArray()) {
                sub.path(1).fields().forEachRemaining(e -> substitutions.put(e.getKey(), e.getValue()));
            }
        } else if (written.has("Fn::Join")) {
            JsonNode join = written.get("Fn::Join");
            StringBuilder joined = new StringBuilder();
            int index = 0;
            for (JsonNode part : join.path(1)) {
                if (index > 0) {
                    joined.append(join.path(0).asText(""));
                }
                if (part.isTextual()) {
                    joined.append(part.asText());
                } else {
                    String key = JOINED_PART + index;
                    substitutions.put(key, part);
                    joined.append("${").append(key).append('}');
                }
                index++;
            }
            text = joined.toString();
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static void collect(JsonNode definition, Map<String, JsonNode> substitutions, List<Task> tasks) {
        definition.path("States").fields().forEachRemaining(entry -> {
            JsonNode state = entry.getValue();
            switch (state.path("Type").asText("")) {
                case "Task" -> function(state, substitutions).ifPresent(f -> tasks.add(new Task(entry.getKey(), f)));
                case "Parallel" -> state.path("Branches").forEach(branch -> collect(branch, substitutions, tasks));
                case "Map" -> {
                    collect(state.path("ItemProcessor"), substitutions, tasks);
                    collect(state.path("Iterator"), substitutions, tasks);
                }
                default -> {}
            }
        });
    }

    private static Optional<JsonNode> function(JsonNode state, Map<String, JsonNode> substitutions) {
        String resource = state.path("Resource").asText("");
        JsonNode resolved = resolve(resource, substitutions);
        if (resolved.isTextual() && resolved.asText().matches("arn:[^:]+:states:::lambda:invoke(\\..*)?")) {
            for (String holder : List.of("Parameters", "Arguments")) {
                JsonNode parameters = state.path(holder);
                if (parameters.has("FunctionName")) {
                    return Optional.of(resolve(parameters.get("FunctionName").asText(""), substitutions));
                }
                if (parameters.has("FunctionName.$")) {
                    return Optional.of(
                            TextNode.valueOf(parameters.get("FunctionName.$").asText("")));
                }
            }
            return Optional.empty();
        }
        boolean lambdaArn = resolved.isTextual()
                ? resolved.asText().contains(":lambda:")
                : !resolved.toString().contains(":states:::");
        return lambdaArn && !resource.isEmpty() ? Optional.of(resolved) : Optional.empty();
    }

    /**
     * A definition's string as the template means it: a {@code ${Name}} placeholder stands for its substitution, or,
     * when there is none, for {@code Ref Name} / {@code Fn::GetAtt Name.Attribute}; other strings stand for
     * themselves.
     */
    static JsonNode resolve(String value, Map<String, JsonNode> substitutions) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        String name = null;
        while (name == null && placeholder.find()) {
            if (!placeholder.group(1).startsWith("AWS::")) {
                name = placeholder.group(1);
            }
        }
        if (name == null) {
            return TextNode.valueOf(value.replace("${AWS::Partition}", "aws"));
        }
        if (substitutions.containsKey(name)) {
            JsonNode substitution = substitutions.get(name);
            return substitution.isTextual() ? resolve(substitution.asText(), Map.of()) : substitution;
        }
        ObjectNode reference = JsonNodeFactory.instance.objectNode();
        int dot = name.indexOf('.');
        if (dot > 0) {
            reference.putArray("Fn::GetAtt").add(name.substring(0, dot)).add(name.substring(dot + 1));
        } else {
            reference.put("Ref", name);
        }
        return reference;
    }
}
