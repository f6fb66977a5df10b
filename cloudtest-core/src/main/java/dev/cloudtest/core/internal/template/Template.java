package dev.cloudtest.core.internal.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.exception.ConfigurationException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** A parsed CloudFormation template (JSON or YAML with short-form tags), as CloudFormation will read it. */
public final class Template {
    /** The prefix of API Gateway v2 resource types (HTTP and WebSocket APIs). */
    public static final String API_GATEWAY_V2 = "AWS::ApiGatewayV2::";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String origin;
    private final ObjectNode root;
    private final Map<String, Parameter> parameters;
    private final Map<String, Resource> resources;
    private final Set<String> outputs;

    /** A declared parameter; {@code defaultValue} is empty when there is none (or it is not a scalar). */
    public record Parameter(String name, String type, Optional<String> defaultValue, boolean noEcho) {
        /** Whether the parameter has a default, i.e. may be left out. */
        public boolean hasDefault() {
            return defaultValue.isPresent();
        }
    }

    /** A declared resource; {@code conditional} when it has a {@code Condition} and may legitimately not exist. */
    public record Resource(String logicalId, String type, JsonNode properties, boolean conditional) {}

    private Template(String origin, ObjectNode root) {
        this.origin = origin;
        this.root = root;
        this.parameters = readParameters();
        this.resources = readResources();
        this.outputs = Collections.unmodifiableSet(fieldNames(root.path("Outputs")));
    }

    /**
     * Parses a template. Syntax errors and structural problems throw a {@link ConfigurationException} naming the
     * origin and, for syntax errors, the line and column.
     */
    public static Template parse(String text, String origin) {
        if (text.isBlank()) {
            throw new ConfigurationException("Template " + origin + " is empty.");
        }
        JsonNode node = document(text, "Template " + origin);
        if (!(node instanceof ObjectNode object)) {
            throw new ConfigurationException(
                    "Template " + origin + " must be a mapping with a Resources section; found "
                            + (node == null ? "nothing" : node.getNodeType()) + ".");
        }
        JsonNode resources = object.get("Resources");
        if (resources == null || !resources.isObject() || resources.isEmpty()) {
            throw new ConfigurationException("Template " + origin
                    + " declares no resources: CloudFormation requires a non-empty Resources section.");
        }
        return new Template(origin, object);
    }

    /**
     * A JSON or YAML document as CloudFormation reads it (YAML's short-form intrinsics in their long forms): a template,
     * or a file a template names, such as an OpenAPI definition or a state machine's.
     *
     * @param what the document, as error messages name it (e.g. {@code "Template t.yaml"})
     * @throws ConfigurationException saying where it is not valid
     */
    public static JsonNode document(String text, String what) {
        JsonNode node;
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            try {
                node = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                throw new ConfigurationException(what + " is not valid JSON at line "
                        + (at == null ? "?" : at.getLineNr()) + ", column " + (at == null ? "?" : at.getColumnNr())
                        + ": " + e.getOriginalMessage() + ".");
            }
        } else {
            Object loaded;
            try {
                loaded = CloudFormationYaml.load(text);
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String where =
                        mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
                throw new ConfigurationException(what + " is not valid YAML" + where + ": " + e.getProblem() + ".");
            } catch (YAMLException e) {
                throw new ConfigurationException(what + " is not valid YAML: " + e.getMessage() + ".");
            }
            node = MAPPER.valueToTree(loaded);
        }
        return node;
    }

    /** Where the template came from (a path, a classpath resource, or {@code <inline>}). */
    public String origin() {
        return origin;
    }

    /** The declared parameters, in template order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** The declared resources, in template order. */
    public Map<String, Resource> resources() {
        return resources;
    }

    /** The declared output names. */
    public Set<String> outputs() {
        return outputs;
    }

    /** The template's {@code Transform} section, if any (e.g. {@code AWS::Serverless-2016-10-31}). */
    public Set<String> transforms() {
        JsonNode transform = root.path("Transform");
        Set<String> result = new LinkedHashSet<>();
        if (transform.isTextual()) {
            result.add(transform.asText());
        } else if (transform.isArray()) {
            transform.forEach(t -> result.add(t.asText()));
        }
        return result;
    }

    /** The capabilities CloudFormation will demand for this template. */
    public Set<String> requiredCapabilities() {
        Set<String> capabilities = new TreeSet<>();
        for (Resource resource : resources.values()) {
            if (resource.type().startsWith("AWS::IAM::")) {
                capabilities.add("CAPABILITY_IAM");
                if (hasNameProperty(resource)) {
                    capabilities.add("CAPABILITY_NAMED_IAM");
                }
            }
            if (resource.type().equals("AWS::CloudFormation::Stack")) {
                capabilities.add("CAPABILITY_AUTO_EXPAND");
            }
            // The SAM transform creates an execution role for a function or state machine that names none.
            if ((resource.type().equals("AWS::Serverless::Function")
                            || resource.type().equals("AWS::Serverless::StateMachine"))
                    && !resource.properties().has("Role")) {
                capabilities.add("CAPABILITY_IAM");
            }
        }
        if (!transforms().isEmpty()) {
            capabilities.add("CAPABILITY_AUTO_EXPAND");
        }
        return capabilities;
    }

    private static boolean hasNameProperty(Resource resource) {
        for (String name : Set.of("RoleName", "UserName", "GroupName", "InstanceProfileName", "ManagedPolicyName")) {
            if (resource.properties().has(name)) {
                return true;
            }
        }
        return false;
    }

    /** The template as CloudFormation JSON (short-form tags expanded). */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a value refers to a resource: {@code Ref}, {@code Fn::GetAtt} (both forms) or a {@code Fn::Sub}
     * variable ({@code ${Id}}, {@code ${Id.Attribute}}), anywhere inside it.
     */
    public static boolean references(JsonNode value, String logicalId) {
        return refersTo(value, logicalId, false);
    }

    /** Whether a value reads an attribute of a resource: {@code Fn::GetAtt} or {@code ${Id.Attribute}} in a Sub. */
    public static boolean readsAttributeOf(JsonNode value, String logicalId) {
        return refersTo(value, logicalId, true);
    }

    private static boolean refersTo(JsonNode value, String logicalId, boolean attributesOnly) {
        if (value == null) {
            return false;
        }
        if (value.isObject()) {
            if (!attributesOnly && value.path("Ref").asText("").equals(logicalId)) {
                return true;
            }
            JsonNode getAtt = value.get("Fn::GetAtt");
            if (getAtt != null
                    && (getAtt.path(0).asText("").equals(logicalId)
                            || getAtt.asText("").startsWith(logicalId + "."))) {
                return true;
            }
            JsonNode sub = value.get("Fn::Sub");
            String text = sub == null ? "" : (sub.isArray() ? sub.path(0) : sub).asText("");
            if (text.contains("${" + logicalId + ".") || (!attributesOnly && text.contains("${" + logicalId + "}"))) {
                return true;
            }
        }
        for (JsonNode child : value) {
            if (refersTo(child, logicalId, attributesOnly)) {
                return true;
            }
        }
        return false;
    }

    /** A deep copy of the template's JSON tree, for rewriting. */
    public ObjectNode json() {
        return root.deepCopy();
    }

    /** A template with the given JSON tree and the same origin. */
    public Template withJson(ObjectNode json) {
        return new Template(origin, json);
    }

    private Map<String, Parameter> readParameters() {
        Map<String, Parameter> result = new LinkedHashMap<>();
        JsonNode section = root.path("Parameters");
        for (String name : fieldNames(section)) {
            JsonNode p = section.get(name);
            result.put(
                    name,
                    new Parameter(
                            name,
                            p.path("Type").asText("String"),
                            p.has("Default") ? Optional.of(p.get("Default").asText()) : Optional.empty(),
                            p.path("NoEcho").asText("false").equalsIgnoreCase("true")));
        }
        return Collections.unmodifiableMap(result);
    }

    private Map<String, Resource> readResources() {
        Map<String, Resource> result = new LinkedHashMap<>();
        readResources(root.path("Resources"), result);
        return Collections.unmodifiableMap(result);
    }

    /**
     * The resources of a section; those of a {@code Fn::ForEach} loop (AWS::LanguageExtensions) under their templated
     * logical ids ({@code ${Name}Queue}), once each, so that what is read before the transform applies (capabilities,
     * local artifacts, the fingerprint) sees them.
     */
    private void readResources(JsonNode section, Map<String, Resource> result) {
        for (String logicalId : fieldNames(section)) {
            JsonNode r = section.get(logicalId);
            if (logicalId.startsWith("Fn::ForEach::")) {
                if (!transforms().contains("AWS::LanguageExtensions")) {
                    throw new ConfigurationException("Template " + origin + ": " + logicalId + " is a Fn::ForEach "
                            + "loop, which needs the AWS::LanguageExtensions transform: add it to the template's "
                            + "Transform (before AWS::Serverless-2016-10-31, if the template has it).");
                }
                if (r.isArray() && r.size() == 3) {
                    readResources(r.get(2), result);
                }
                continue;
            }
            JsonNode type = r.get("Type");
            if (type == null || !type.isTextual()) {
                throw new ConfigurationException("Template " + origin + ": resource " + logicalId
                        + " has no Type. Every resource needs a Type such as AWS::S3::Bucket.");
            }
            JsonNode properties = r.path("Properties");
            result.put(
                    logicalId,
                    new Resource(
                            logicalId,
                            type.asText(),
                            properties.isObject() ? properties : MAPPER.createObjectNode(),
                            r.has("Condition")));
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        if (node != null && node.isObject()) {
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
        }
        return names;
    }

    /** The function a logical id stands for: itself, or the function of an {@code AWS::Lambda::Alias}. */
    public String functionOf(String logicalId) {
        Resource resource = resources().get(logicalId);
        if (resource != null && resource.type().equals("AWS::Lambda::Alias")) {
            JsonNode function = resource.properties().path("FunctionName");
            return function.path("Ref")
                    .asText(function.path("Fn::GetAtt").path(0).asText(logicalId));
        }
        return logicalId;
    }
}
