package dev.cloudtest.core.safety;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One request from WireMock's journal, classified as the AWS operation it is and whether it mutates anything.
 *
 * <ul>
 *   <li>Query protocols (CloudFormation, SNS, STS, IAM; SQS before its JSON switch): the {@code Action} form field
 *       or query parameter.
 *   <li>JSON protocols (SQS, DynamoDB, SSM, EventBridge, Logs, Step Functions): the {@code X-Amz-Target} header.
 *   <li>S3 REST: the HTTP method — {@code GET}/{@code HEAD} read, everything else writes.
 * </ul>
 *
 * Fails closed: an operation counts as read-only only when its name starts with a known read verb; anything else,
 * including a {@code POST} whose operation cannot be determined, counts as mutating.
 *
 * @param method the HTTP method
 * @param url the request path and query
 * @param operation the operation name ({@code CreateStack}, {@code GetParameter}...), or {@code S3 PUT /path}
 * @param mutating whether the request can change state
 */
public record AwsCall(String method, String url, String operation, boolean mutating) {
    private static final List<String> READ_VERBS =
            List.of("Get", "List", "Describe", "Head", "Validate", "Estimate", "Query", "Scan", "BatchGet", "Lookup");

    /** Classifies one logged request. */
    public static AwsCall of(LoggedRequest request) {
        String method = request.getMethod().getName().toUpperCase(Locale.ROOT);
        String url = request.getUrl();
        Optional<String> operation = jsonTarget(request).or(() -> queryAction(request));
        if (operation.isPresent()) {
            return new AwsCall(method, url, operation.get(), !isRead(operation.get()));
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        return new AwsCall(method, url, "S3 " + method + " " + url, !read);
    }

    /** Whether an operation name is a read (fail closed: unknown verbs are writes). */
    public static boolean isRead(String operation) {
        return READ_VERBS.stream().anyMatch(operation::startsWith);
    }

    private static Optional<String> jsonTarget(LoggedRequest request) {
        String target = request.getHeader("X-Amz-Target");
        if (target == null || target.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(target.substring(target.lastIndexOf('.') + 1));
    }

    private static Optional<String> queryAction(LoggedRequest request) {
        String query = request.getUrl().contains("?")
                ? request.getUrl().substring(request.getUrl().indexOf('?') + 1)
                : "";
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        String body = contentType.contains("x-www-form-urlencoded") ? request.getBodyAsString() : "";
        for (String source : List.of(body, query)) {
            for (String pair : source.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("Action")) {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return (mutating ? "MUTATING " : "") + operation + " (" + method + " " + url + ")";
    }
}
