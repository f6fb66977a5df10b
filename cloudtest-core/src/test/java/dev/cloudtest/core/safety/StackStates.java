package dev.cloudtest.core.safety;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What CloudFormation does and moto does not: stacks that take their time, and deletions that fail. moto creates and
 * deletes a stack within the request; this transformer of the {@link FaultProxy}'s answers makes DescribeStacks show
 * the stack as AWS would — {@code CREATE_IN_PROGRESS} for a while after CreateStack, {@code DELETE_IN_PROGRESS} for a
 * while after DeleteStack, or {@code DELETE_FAILED} after a DeleteStack the proxy swallowed (once, or every time);
 * or, for the benchmarks, every stack in progress for a set time after its own CreateStack / DeleteStack, as AWS is
 * for a stack that takes that long.
 */
final class StackStates implements ResponseTransformerV2 {
    private static final Pattern STACK_ID = Pattern.compile("<StackId>([^<]+)</StackId>");

    /** A stack lifecycle AWS produces and moto does not. */
    enum Behaviour {
        /** Every stack is as moto says. */
        AS_IS,
        /** {@code CREATE_IN_PROGRESS} for {@link #SLOW_MILLIS} after CreateStack. */
        SLOW_CREATE,
        /** {@code DELETE_IN_PROGRESS} for {@link #SLOW_MILLIS} after DeleteStack. */
        SLOW_DELETE,
        /** The first DeleteStack ends in {@code DELETE_FAILED}; the next one deletes. */
        DELETE_FAILED_ONCE,
        /** Every DeleteStack ends in {@code DELETE_FAILED}. */
        DELETE_FAILED_ALWAYS;

        /** How long a slow create or delete stays in progress. */
        static final long SLOW_MILLIS = 3_000;

        boolean swallowsDeletes() {
            return this == DELETE_FAILED_ONCE || this == DELETE_FAILED_ALWAYS;
        }
    }

    private volatile Behaviour behaviour = Behaviour.AS_IS;
    /** Asynchronous CloudFormation for every stack: in progress this long after its CreateStack / DeleteStack. */
    private volatile Duration asynchronous = Duration.ZERO;
    /** Stack name or id → nanoTime until which it is shown creating / deleting. */
    private final Map<String, Long> creatingUntil = new ConcurrentHashMap<>();

    private final Map<String, Long> deletingUntil = new ConcurrentHashMap<>();
    private volatile Instant changedAt = Instant.MIN;
    private volatile String deletedStack;
    private volatile int deletes;
    private volatile int inProgressAnswers;
    private volatile boolean askedAfterwards;

    void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        this.changedAt = Instant.MIN;
        this.deletedStack = null;
        this.deletes = 0;
        this.inProgressAnswers = 0;
        this.askedAfterwards = false;
    }

    /** Every stack stays in progress for {@code delay} after its CreateStack / DeleteStack; zero: as moto says. */
    void asynchronous(Duration delay) {
        this.asynchronous = delay;
    }

    Behaviour behaviour() {
        return behaviour;
    }

    @Override
    public String getName() {
        return "cloudtest-stack-states";
    }

    @Override
    public Response transform(Response response, ServeEvent event) {
        String body = event.getRequest().getBodyAsString();
        String action = param(body, "Action").orElse("");
        if (!asynchronous.isZero()) {
            return perStack(action, param(body, "StackName").orElse(null), response);
        }
        switch (action) {
            case "CreateStack" -> changedAt = Instant.now();
            case "DeleteStack" -> {
                deletes++;
                changedAt = Instant.now();
                deletedStack = param(body, "StackName").orElse(null);
            }
            case "DescribeStacks" -> {
                return describe(response);
            }
            default -> {}
        }
        return response;
    }

    /**
     * Whether a slow create or delete was both shown in progress and asked about again after it ended: a caller that
     * stopped at the first {@code IN_PROGRESS} answer (or never saw one) leaves this false.
     */
    boolean waitedOut() {
        return inProgressAnswers > 0 && askedAfterwards;
    }

    private Response describe(Response response) {
        boolean recent = Instant.now().isBefore(changedAt.plusMillis(Behaviour.SLOW_MILLIS));
        if ((behaviour == Behaviour.SLOW_CREATE || behaviour == Behaviour.SLOW_DELETE)
                && !recent
                && inProgressAnswers > 0) {
            askedAfterwards = true;
        }
        Response answer = slow(response, recent);
        if (answer != response) {
            inProgressAnswers++;
        }
        return answer;
    }

    private Response slow(Response response, boolean recent) {
        String body = response.getBodyAsString();
        return switch (behaviour) {
            case AS_IS -> response;
            case SLOW_CREATE ->
                recent ? withBody(response, status(body, "CREATE_COMPLETE", "CREATE_IN_PROGRESS")) : response;
            case SLOW_DELETE -> {
                if (!recent || deletedStack == null) {
                    yield response;
                }
                yield response.getStatus() == 200
                        ? withBody(response, status(body, "DELETE_COMPLETE", "DELETE_IN_PROGRESS"))
                        : synthetic(deletedStack, "DELETE_IN_PROGRESS");
            }
            case DELETE_FAILED_ONCE, DELETE_FAILED_ALWAYS -> {
                boolean failed = behaviour == Behaviour.DELETE_FAILED_ALWAYS ? deletes > 0 : deletes == 1;
                yield failed && response.getStatus() == 200
                        ? withBody(
                                response,
                                body.replaceAll(
                                        "<StackStatus>[A-Z_]+</StackStatus>",
                                        "<StackStatus>DELETE_FAILED</StackStatus>"
                                                + "<StackStatusReason>injected: The following resource(s) failed to delete: "
                                                + "[Bucket].</StackStatusReason>"))
                        : response;
            }
        };
    }

    /** The asynchronous CloudFormation of {@link #asynchronous}: deadlines per stack, by name and by id. */
    private Response perStack(String action, String stack, Response response) {
        long until = System.nanoTime() + asynchronous.toNanos();
        switch (action) {
            case "CreateStack" -> {
                if (stack != null) {
                    creatingUntil.put(stack, until);
                }
                Matcher id = STACK_ID.matcher(response.getBodyAsString());
                if (id.find()) {
                    creatingUntil.put(id.group(1), until);
                }
            }
            case "DeleteStack" -> {
                if (stack != null) {
                    deletingUntil.put(stack, until);
                }
            }
            case "DescribeStacks" -> {
                if (stack == null || response.getStatus() != 200) {
                    return response;
                }
                String body = response.getBodyAsString();
                if (before(deletingUntil, stack)) {
                    return withBody(response, status(body, "DELETE_COMPLETE", "DELETE_IN_PROGRESS"));
                }
                if (before(creatingUntil, stack)) {
                    return withBody(response, status(body, "CREATE_COMPLETE", "CREATE_IN_PROGRESS"));
                }
            }
            default -> {}
        }
        return response;
    }

    private static boolean before(Map<String, Long> deadlines, String stack) {
        Long until = deadlines.get(stack);
        return until != null && System.nanoTime() < until;
    }

    private static String status(String body, String from, String to) {
        return body.replace("<StackStatus>" + from + "</StackStatus>", "<StackStatus>" + to + "</StackStatus>");
    }

    /** A DescribeStacks answer for a stack moto has already forgotten. */
    private static Response synthetic(String stackId, String status) {
        String name = stackId.contains(":stack/") ? stackId.split("/")[1] : stackId;
        String xml = "<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                + "<DescribeStacksResult><Stacks><member><StackId>" + stackId + "</StackId><StackName>" + name
                + "</StackName><CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>" + status
                + "</StackStatus></member></Stacks></DescribeStacksResult>"
                + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>";
        return Response.response()
                .status(200)
                .headers(new HttpHeaders(new HttpHeader("Content-Type", "text/xml")))
                .body(xml)
                .build();
    }

    private static Response withBody(Response response, String body) {
        HttpHeaders headers = new HttpHeaders(response.getHeaders().all().stream()
                .filter(h -> !h.keyEquals("Content-Length") && !h.keyEquals("Content-Encoding"))
                .toList());
        return Response.Builder.like(response).but().headers(headers).body(body).build();
    }

    private static Optional<String> param(String form, String name) {
        return Arrays.stream(form.split("&"))
                .filter(p -> p.startsWith(name + "="))
                .map(p -> URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8))
                .findFirst();
    }
}
