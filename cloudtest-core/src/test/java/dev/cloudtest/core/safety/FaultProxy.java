package dev.cloudtest.core.safety;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The project's one fault-injecting proxy: WireMock on a loopback port in front of moto. Every request is proxied to
 * moto unless a stub answers it, and recorded, so a test can prove that no mutating request reached the target.
 * Stubs stand in for what moto cannot show: another account id, an account alias, a failing STS, and the faults a
 * real account produces ({@link #inject}: throttling, 429, 500, 503, a reset connection, a late answer), once, a few
 * times or for good, on one AWS operation.
 */
public final class FaultProxy implements AutoCloseable {
    private final WireMockServer server;
    private final URI target;
    private final StackStates states;

    private FaultProxy(WireMockServer server, URI target, StackStates states) {
        this.server = server;
        this.target = target;
        this.states = states;
    }

    /** Starts a proxy on 127.0.0.1 in front of {@code target}, which must be a loopback address too. */
    public static FaultProxy inFrontOf(URI target) {
        String host = target.getHost();
        if (!(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
            throw new IllegalArgumentException("Tests only ever talk to loopback addresses, not " + target);
        }
        StackStates states = new StackStates();
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .asynchronousResponseEnabled(false)
                .extensions(states));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().proxiedFrom(target.toString())));
        return new FaultProxy(server, target, states);
    }

    /** The URL to give cloudtest as {@code cloudtest.endpoint}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Answers a query-protocol action (STS, IAM, CloudFormation, SNS) with an XML body. */
    public FaultProxy stubQueryAction(String action, int status, String xml) {
        server.stubFor(any(anyUrl())
                .atPriority(1)
                .withRequestBody(containing("Action=" + action))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(xml)));
        return this;
    }

    /** Answers a JSON-protocol operation ({@code X-Amz-Target}, e.g. {@code AmazonSSM.GetParameter}). */
    public FaultProxy stubJsonTarget(String target, int status, String json) {
        server.stubFor(any(anyUrl())
                .atPriority(1)
                .withHeader("X-Amz-Target", equalTo(target))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(json)));
        return this;
    }

    /** STS answers with another account id. */
    public FaultProxy callerAccount(String account) {
        return stubQueryAction(
                "GetCallerIdentity",
                200,
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:iam::" + account + ":user/ci</Arn><UserId>AIDA" + account + "</UserId>"
                        + "<Account>" + account + "</Account></GetCallerIdentityResult>"
                        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
    }

    /** IAM ListAccountAliases answers with this alias. */
    public FaultProxy accountAlias(String alias) {
        return stubQueryAction(
                "ListAccountAliases",
                200,
                "<ListAccountAliasesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListAccountAliasesResult>"
                        + "<IsTruncated>false</IsTruncated><AccountAliases><member>" + alias
                        + "</member></AccountAliases></ListAccountAliasesResult>"
                        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListAccountAliasesResponse>");
    }

    /** A fault a real account produces. */
    public enum Fault {
        /** HTTP 400 {@code Throttling} (query protocols) / {@code ThrottlingException} (JSON) / 503 {@code SlowDown} (S3). */
        THROTTLING,
        /** HTTP 429 {@code TooManyRequestsException}. */
        TOO_MANY_REQUESTS,
        /** HTTP 500 {@code InternalFailure}. */
        SERVER_ERROR,
        /** HTTP 503 {@code ServiceUnavailable}. */
        UNAVAILABLE,
        /** The connection is reset before any answer. */
        CONNECTION_RESET,
        /** The request reaches moto, and its answer comes {@link #SLOW_MILLIS} late. */
        SLOW;

        /** How late a {@link #SLOW} answer comes. */
        public static final int SLOW_MILLIS = 3_000;
    }

    /**
     * An AWS operation as it travels: a query-protocol {@code Action}, a JSON-protocol {@code X-Amz-Target}, or an S3
     * REST request (method and query flag).
     *
     * @param name the operation's name, e.g. {@code CreateStack}
     * @param protocol how it is recognised
     */
    public record Operation(String name, Protocol protocol) {
        /** How an operation is recognised on the wire. */
        public enum Protocol {
            QUERY,
            JSON,
            S3
        }

        public static Operation query(String action) {
            return new Operation(action, Protocol.QUERY);
        }

        public static Operation json(String target) {
            return new Operation(target, Protocol.JSON);
        }

        /** {@code ListObjectVersions} ({@code GET ?versions}) or {@code DeleteObjects} ({@code POST ?delete}). */
        public static Operation s3(String name) {
            return new Operation(name, Protocol.S3);
        }

        MappingBuilder matcher() {
            return switch (protocol) {
                case QUERY -> any(anyUrl()).withRequestBody(WireMock.matching("(?s)(.*&)?Action=" + name + "(&.*)?"));
                case JSON -> any(anyUrl()).withHeader("X-Amz-Target", WireMock.matching(".*\\." + name));
                case S3 ->
                    switch (name) {
                        case "ListObjectVersions" ->
                            WireMock.get(WireMock.urlMatching("/[^?]+\\?(.*&)?versions(=[^&]*)?(&.*)?"));
                        case "DeleteObjects" ->
                            WireMock.post(WireMock.urlMatching("/[^?]+\\?(.*&)?delete(=[^&]*)?(&.*)?"));
                        default -> throw new IllegalArgumentException("no S3 matcher for " + name);
                    };
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** For good: {@link #inject}'s {@code times} for a fault that never ends. */
    public static final int FOREVER = Integer.MAX_VALUE;

    /**
     * Answers the next {@code times} requests of an operation with a fault ({@link #FOREVER}: all of them); the ones
     * after that reach moto again.
     */
    public FaultProxy inject(Operation operation, Fault fault, int times) {
        return answer(operation, answer(operation, fault), times);
    }

    /**
     * Stacks behave as on AWS rather than as on moto: created or deleted over a few seconds, or a deletion that ends
     * in {@code DELETE_FAILED} (the DeleteStack requests that fail do not reach moto).
     */
    FaultProxy stackLifecycle(StackStates.Behaviour behaviour) {
        states.behave(behaviour);
        if (behaviour.swallowsDeletes()) {
            answer(
                    Operation.query("DeleteStack"),
                    aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/xml")
                            .withBody(
                                    "<DeleteStackResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                                            + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                                            + "</DeleteStackResponse>"),
                    behaviour == StackStates.Behaviour.DELETE_FAILED_ALWAYS ? FOREVER : 1);
        }
        return this;
    }

    /**
     * CloudFormation as AWS runs it, for the benchmarks: DescribeStacks shows each stack {@code CREATE_IN_PROGRESS}
     * (resp. {@code DELETE_IN_PROGRESS}) until {@code delay} after its CreateStack (resp. DeleteStack) returned, so a
     * poller has something to wait for; moto completes both within the request.
     */
    public FaultProxy asynchronousStacks(java.time.Duration delay) {
        states.asynchronous(delay);
        return this;
    }

    /**
     * The requests since the last {@link #resetJournal()}, by operation; CloudFormation's prefixed {@code
     * cloudformation:} (its query API version tells it apart from the other query services).
     */
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (ServeEvent event : server.getAllServeEvents()) {
            AwsCall call = AwsCall.of(event.getRequest());
            String key = (isCloudFormation(event) ? "cloudformation:" : "") + call.operation();
            counts.merge(key, 1L, Long::sum);
        }
        return counts;
    }

    /** CloudFormation requests since the last {@link #resetJournal()} that can change something. */
    public long cloudFormationWrites() {
        return server.getAllServeEvents().stream()
                .filter(FaultProxy::isCloudFormation)
                .filter(e -> AwsCall.of(e.getRequest()).mutating())
                .count();
    }

    private static boolean isCloudFormation(ServeEvent event) {
        return event.getRequest().getBodyAsString().contains("Version=2010-05-15");
    }

    /** Whether a slow create or delete set by {@link #stackLifecycle} was waited out (see {@link StackStates}). */
    boolean stackWaitedOut() {
        return states.waitedOut();
    }

    private FaultProxy answer(Operation operation, ResponseDefinitionBuilder answer, int times) {
        if (times == FOREVER) {
            server.stubFor(operation.matcher().atPriority(1).willReturn(answer));
            return this;
        }
        String scenario = "fault-" + operation.name() + "-" + UUID.randomUUID();
        for (int i = 0; i < times; i++) {
            server.stubFor(operation
                    .matcher()
                    .atPriority(1)
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "after-" + i)
                    .willSetStateTo("after-" + (i + 1))
                    .willReturn(answer));
        }
        return this;
    }

    private ResponseDefinitionBuilder answer(Operation operation, Fault fault) {
        return switch (fault) {
            case CONNECTION_RESET ->
                aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
            case SLOW -> aResponse().proxiedFrom(target.toString()).withFixedDelay(Fault.SLOW_MILLIS);
            case THROTTLING ->
                operation.protocol() == Operation.Protocol.S3
                        ? error(operation, 503, "SlowDown", "Please reduce your request rate.")
                        : error(
                                operation,
                                400,
                                operation.protocol() == Operation.Protocol.JSON ? "ThrottlingException" : "Throttling",
                                "Rate exceeded");
            case TOO_MANY_REQUESTS -> error(operation, 429, "TooManyRequestsException", "Too many requests");
            case SERVER_ERROR -> error(operation, 500, "InternalFailure", "injected internal failure");
            case UNAVAILABLE -> error(operation, 503, "ServiceUnavailable", "injected: service unavailable");
        };
    }

    private static ResponseDefinitionBuilder error(Operation operation, int status, String code, String message) {
        if (operation.protocol() == Operation.Protocol.JSON) {
            return aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.0")
                    .withHeader("x-amzn-query-error", code + ";Sender")
                    .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");
        }
        String body = operation.protocol() == Operation.Protocol.S3
                ? "<Error><Code>" + code + "</Code><Message>" + message + "</Message><RequestId>1</RequestId></Error>"
                : "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>1</RequestId></ErrorResponse>";
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withBody(body);
    }

    /** How many requests of an operation the proxy received (answered with a fault or passed on). */
    public long received(Operation operation) {
        return server.findAll(WireMock.anyRequestedFor(anyUrl())).stream()
                .map(AwsCall::of)
                .filter(call -> call.operation().equals(operation.name())
                        || (operation.protocol() == Operation.Protocol.S3
                                && call.operation().startsWith("S3 ")
                                && s3Name(call).equals(operation.name())))
                .count();
    }

    private static String s3Name(AwsCall call) {
        if (call.method().equals("GET") && call.url().matches("/[^?]+\\?(.*&)?versions(=[^&]*)?(&.*)?")) {
            return "ListObjectVersions";
        }
        if (call.method().equals("POST") && call.url().matches("/[^?]+\\?(.*&)?delete(=[^&]*)?(&.*)?")) {
            return "DeleteObjects";
        }
        return "";
    }

    /** The bodies of the requests of an operation recognised by its form parameter {@code Action}, oldest first. */
    public List<String> queryBodies(String action) {
        return server.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> e.getRequest().getBodyAsString())
                .filter(body -> body.matches("(?s)(.*&)?Action=" + action + "(&.*)?"))
                .toList();
    }

    /** Every request that reached the proxy, oldest first, classified. */
    public List<AwsCall> calls() {
        return server.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(ServeEvent::getRequest)
                .map(AwsCall::of)
                .toList();
    }

    /** The requests that could have changed anything. */
    public List<AwsCall> mutatingCalls() {
        return calls().stream().filter(AwsCall::mutating).toList();
    }

    /** The operation names seen, oldest first. */
    public List<String> operations() {
        return calls().stream().map(AwsCall::operation).toList();
    }

    /** Forgets the requests recorded so far. */
    public void resetJournal() {
        server.resetRequests();
    }

    @Override
    public void close() {
        server.stop();
    }
}
