package dev.cloudtest.core.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cloudtest.core.internal.guard.SecretRedaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secrets guard for HTTP exchanges shown in failure messages and logs: credentials in headers (Authorization,
 * X-Amz-Security-Token, X-Api-Key, cookies), JSON fields and query parameters named like a password, secret, token or
 * API key are replaced by {@value SecretRedaction#MASK}. Over-redacting a harmless {@code tokenCount} is the price of
 * never printing a session token.
 */
public final class HttpRedaction {
    private static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "x-amz-security-token", "x-api-key", "cookie", "set-cookie");
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(password|passwd|secret|token|api[-_]?key|credential).*");
    private static final String NAME_LIKE = "[^\"]*(?:password|passwd|secret|token|api[-_]?key|credential)[^\"]*";
    // For bodies that are not valid JSON (cut off, or JSON-ish): "name": "value" and "name": 123 pairs.
    private static final Pattern JSON_PAIR =
            Pattern.compile("(?i)(\"" + NAME_LIKE + "\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\]\\s]+)");
    private static final Pattern FORM_PAIR = Pattern.compile(
            "(?i)((?:^|[&?\\s])[\\w.-]*(?:password|passwd|secret|token|api[-_]?key)[\\w.-]*=)([^&\\s]*)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpRedaction() {}

    /** Whether a header carries credentials. */
    public static boolean isSecretHeader(String name) {
        return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The headers with credential values masked; order kept. */
    public static Map<String, List<String>> headers(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        headers.forEach((name, values) ->
                result.put(name, isSecretHeader(name) ? List.of(SecretRedaction.MASK) : List.copyOf(values)));
        return result;
    }

    /** The URI with the values of secret-named query parameters masked. */
    public static String uri(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        if (query < 0) {
            return text;
        }
        return text.substring(0, query)
                + FORM_PAIR.matcher(text.substring(query)).replaceAll("$1" + mask());
    }

    /**
     * The body with secret-named JSON fields masked (at any depth); a body that is not JSON gets the same treatment
     * for {@code "name": value} and {@code name=value} pairs.
     */
    public static String body(String body) {
        if (body == null || body.isBlank()) {
            return body;
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode tree = MAPPER.readTree(body);
                if (tree != null && redactNode(tree)) {
                    return MAPPER.writeValueAsString(tree);
                }
                if (tree != null) {
                    return body;
                }
            } catch (JsonProcessingException e) {
                // not JSON after all: fall back to the patterns below
            }
        }
        String result = JSON_PAIR.matcher(body).replaceAll("$1\"" + mask() + "\"");
        return FORM_PAIR.matcher(result).replaceAll("$1" + mask());
    }

    private static boolean redactNode(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            List<String> secretFields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                // A secret-named object ("credentials": {...}) is masked whole.
                if (SECRET_NAME.matcher(field.getKey()).matches()
                        && !field.getValue().isNull()) {
                    secretFields.add(field.getKey());
                } else {
                    changed |= redactNode(field.getValue());
                }
            }
            secretFields.forEach(name -> object.put(name, SecretRedaction.MASK));
            changed |= !secretFields.isEmpty();
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                changed |= redactNode(element);
            }
        }
        return changed;
    }

    private static String mask() {
        return Matcher.quoteReplacement(SecretRedaction.MASK);
    }
}
