package dev.cloudtest.core.internal.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an EventBridge target receives, built as EventBridge builds it from the event: the constant {@code Input}, the
 * part {@code InputPath} selects, the {@code InputTransformer}'s template filled from its paths, or the whole event.
 * Paths are plain ({@code $}, {@code $.detail}, {@code $.detail.order.id}).
 */
public final class TargetInput {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A path cloudtest applies itself. */
    public static final Pattern PLAIN_PATH = Pattern.compile("\\$(\\.[A-Za-z0-9_-]+)*");

    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.-]+)>");

    private TargetInput() {}

    /**
     * Refuses input paths that cloudtest cannot apply itself, before anything is created.
     *
     * @param what the target, for the message
     */
    public static void checkPaths(JsonNode target, String what) {
        java.util.List<JsonNode> paths = new java.util.ArrayList<>();
        paths.add(target.path("InputPath"));
        target.path("InputTransformer").path("InputPathsMap").forEach(paths::add);
        for (JsonNode path : paths) {
            if (path.isTextual() && !PLAIN_PATH.matcher(path.asText()).matches()) {
                throw new dev.cloudtest.core.exception.ConfigurationException(what + " has the input path '"
                        + path.asText() + "'; cloudtest delivers to this target itself and applies plain paths ($, "
                        + "$.detail, $.detail.order). Nothing was created. Use plain paths, or run on AWS.");
            }
        }
    }

    /** The input of a target (its resolved properties) for an event. */
    public static String of(JsonNode target, String event) {
        if (target.path("Input").isTextual()) {
            return target.path("Input").asText();
        }
        try {
            JsonNode tree = MAPPER.readTree(event);
            JsonNode transformer = target.path("InputTransformer");
            if (transformer.isObject()) {
                return transform(transformer, tree);
            }
            String path = target.path("InputPath").asText("$");
            if (path.equals("$")) {
                return event;
            }
            JsonNode selected = select(tree, path);
            return selected.isMissingNode() ? "null" : MAPPER.writeValueAsString(selected);
        } catch (JsonProcessingException e) {
            return event;
        }
    }

    /**
     * The template with each {@code <name>} replaced by its path's value: a string's text as it is (inside the
     * template's quotes or not, as EventBridge does), anything else as JSON, a missing value as {@code null}.
     * {@code <aws.events.event>} and {@code <aws.events.event.json>} give the whole event.
     */
    private static String transform(JsonNode transformer, JsonNode event) throws JsonProcessingException {
        Map<String, JsonNode> values = new java.util.HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths =
                transformer.path("InputPathsMap").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            values.put(entry.getKey(), select(event, entry.getValue().asText("$")));
        }
        values.put("aws.events.event", event);
        values.put("aws.events.event.json", event);
        String template = transformer.path("InputTemplate").asText("");
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = values.get(matcher.group(1));
            String replacement;
            if (value == null) {
                replacement = matcher.group(); // not a variable: kept, as EventBridge does
            } else if (value.isMissingNode() || value.isNull()) {
                replacement = "null";
            } else if (value.isTextual()) {
                replacement = value.asText();
            } else {
                replacement = MAPPER.writeValueAsString(value);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static JsonNode select(JsonNode event, String path) {
        JsonNode node = event;
        if (path.length() > 2) {
            for (String segment : path.substring(2).split("\\.")) {
                node = node.path(segment);
            }
        }
        return node;
    }
}
