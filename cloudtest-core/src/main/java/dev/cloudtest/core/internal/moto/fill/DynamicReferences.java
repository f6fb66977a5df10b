package dev.cloudtest.core.internal.moto.fill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.exception.ConfigurationException;
import dev.cloudtest.core.internal.template.IntrinsicResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Dynamic references, which moto's CloudFormation passes on as literal text: {@code
 * {{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}}, {@code {{resolve:ssm:name}}}
 * and {@code {{resolve:ssm-secure:name}}}, resolved against the target in the template sent to it, as CloudFormation
 * resolves them. Resolved values are never logged; an error names the reference, never a value.
 */
final class DynamicReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{resolve:(secretsmanager|ssm|ssm-secure):([^}]+)}}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DynamicReferences() {}

    /** Replaces every dynamic reference in the resources' properties with its value. */
    static void resolveIn(ObjectNode resources, CloudSession session) {
        List<String> ids = new ArrayList<>();
        resources.fieldNames().forEachRemaining(ids::add);
        for (String id : ids) {
            JsonNode resource = resources.get(id);
            if (resource.has("Properties")) {
                ((ObjectNode) resource).set("Properties", resolve(resource.get("Properties"), session, id));
            }
        }
    }

    private static JsonNode resolve(JsonNode node, CloudSession session, String where) {
        if (node.isTextual()) {
            String text = node.asText();
            return text.contains("{{resolve:")
                    ? JsonNodeFactory.instance.textNode(replace(text, session, where))
                    : node;
        }
        if (node.isObject()
                && node.size() == 1
                && node.has("Fn::Sub")
                && node.toString().contains("{{resolve:")) {
            // a Sub whose variables are all known here (the ARN of a secret created before the stack)
            JsonNode literal = new IntrinsicResolver(
                            Map.of(), Map.of(), Map.of(), session.region(), session.accountId(), "", "")
                    .resolve(node);
            if (literal.isTextual()) {
                return JsonNodeFactory.instance.textNode(replace(literal.asText(), session, where));
            }
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolve(e.getValue(), session, where)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(resolve(item, session, where)));
            return copy;
        }
        return node;
    }

    private static String replace(String text, CloudSession session, String where) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (m.find()) {
            String reference = m.group();
            String value;
            try {
                value = m.group(1).equals("secretsmanager")
                        ? secret(m.group(2), session, reference, where)
                        : parameter(m.group(2), m.group(1).equals("ssm-secure"), session);
            } catch (SdkException e) {
                throw new ConfigurationException(where + " has the dynamic reference " + reference + ", which does not "
                        + "resolve on the target: " + e.getMessage() + ". Nothing was created. Create the secret or "
                        + "parameter first (or in the same template), or correct the reference.");
            }
            m.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        m.appendTail(result);
        return result.toString();
    }

    private static String secret(String spec, CloudSession session, String reference, String where) {
        // secret-id may be an ARN, which contains colons: arn:aws:secretsmanager:region:account:secret:name
        String rest = spec;
        String secretId;
        if (rest.startsWith("arn:")) {
            String[] parts = rest.split(":", 8);
            secretId = String.join(":", java.util.Arrays.copyOf(parts, Math.min(parts.length, 7)));
            rest = parts.length > 7 ? parts[7] : "";
        } else {
            int colon = rest.indexOf(':');
            secretId = colon < 0 ? rest : rest.substring(0, colon);
            rest = colon < 0 ? "" : rest.substring(colon + 1);
        }
        String[] fields = rest.isEmpty() ? new String[0] : rest.split(":", -1);
        String jsonKey = fields.length > 1 ? fields[1] : "";
        String stage = fields.length > 2 ? fields[2] : "";
        String version = fields.length > 3 ? fields[3] : "";
        var response = session.client(SecretsManagerClient.class).getSecretValue(r -> {
            r.secretId(secretId);
            if (!stage.isEmpty()) {
                r.versionStage(stage);
            }
            if (!version.isEmpty()) {
                r.versionId(version);
            }
        });
        String secretString = response.secretString();
        if (jsonKey.isEmpty()) {
            return secretString;
        }
        try {
            JsonNode value = MAPPER.readTree(secretString).get(jsonKey);
            if (value == null) {
                throw new ConfigurationException(where + " has the dynamic reference " + reference + ", but the "
                        + "secret has no key '" + jsonKey + "'. Nothing was created.");
            }
            return value.isTextual() ? value.asText() : value.toString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigurationException(where + " has the dynamic reference " + reference + " with a JSON key, "
                    + "but the secret's value is not JSON. Nothing was created.");
        }
    }

    private static String parameter(String spec, boolean secure, CloudSession session) {
        int colon = spec.lastIndexOf(':');
        String name = colon > 0 && spec.substring(colon + 1).matches("\\d+")
                ? spec.substring(0, colon) + ":" + spec.substring(colon + 1)
                : spec;
        return session.client(SsmClient.class)
                .getParameter(r -> r.name(name).withDecryption(secure))
                .parameter()
                .value();
    }
}
