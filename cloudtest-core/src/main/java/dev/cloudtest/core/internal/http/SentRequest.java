package dev.cloudtest.core.internal.http;

import dev.cloudtest.core.internal.probe.Trimmed;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an API client sent, kept for failure messages; {@link #describe()} redacts it.
 *
 * @param method the HTTP method
 * @param uri the full URI
 * @param headers the headers as sent (signature headers included)
 * @param body the body as text, empty when there was none
 */
public record SentRequest(String method, URI uri, Map<String, List<String>> headers, String body) {
    /** Bodies in messages are cut after this many characters. */
    public static final int MAX_BODY = 2000;

    public SentRequest {
        headers = Map.copyOf(headers);
    }

    /** "POST http://host/path", query secrets masked. */
    public String line() {
        return method + " " + HttpRedaction.uri(uri);
    }

    /** The request line, headers and body, redacted and trimmed. */
    public String describe() {
        return line() + "\n" + headerLines(headers) + bodyText(body);
    }

    /** A response as shown next to its request: status line, headers, body, redacted and trimmed. */
    public static String describeResponse(int status, Map<String, List<String>> headers, String body) {
        return "HTTP " + status + "\n" + headerLines(headers) + bodyText(body);
    }

    static String headerLines(Map<String, List<String>> headers) {
        return HttpRedaction.headers(headers).entrySet().stream()
                .filter(e -> !e.getKey().equals(":status"))
                .sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue()) + "\n")
                .collect(Collectors.joining());
    }

    static String bodyText(String body) {
        if (body == null || body.isEmpty()) {
            return "(no body)";
        }
        return Trimmed.block(HttpRedaction.body(body), MAX_BODY);
    }
}
