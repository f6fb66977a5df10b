package dev.cloudtest.core.safety;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.util.Comparator;
import java.util.List;

/**
 * WireMock on a loopback port in front of moto: every request is proxied to moto unless a stub answers it, and
 * recorded, so a test can prove that no mutating request reached the target. Stubs stand in for what moto cannot
 * show (another account id, an account alias, a failing STS).
 */
public final class RecordingProxy implements AutoCloseable {
    private final WireMockServer server;

    private RecordingProxy(WireMockServer server) {
        this.server = server;
    }

    /** Starts a proxy on 127.0.0.1 in front of {@code target}, which must be a loopback address too. */
    public static RecordingProxy inFrontOf(URI target) {
        String host = target.getHost();
        if (!(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
            throw new IllegalArgumentException("Tests only ever talk to loopback addresses, not " + target);
        }
        WireMockServer server = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().asynchronousResponseEnabled(false));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().proxiedFrom(target.toString())));
        return new RecordingProxy(server);
    }

    /** The URL to give cloudtest as {@code cloudtest.endpoint}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Answers a query-protocol action (STS, IAM, CloudFormation, SNS) with an XML body. */
    public RecordingProxy stubQueryAction(String action, int status, String xml) {
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
    public RecordingProxy stubJsonTarget(String target, int status, String json) {
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
    public RecordingProxy callerAccount(String account) {
        return stubQueryAction(
                "GetCallerIdentity",
                200,
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                        + "<Arn>arn:aws:iam::" + account + ":user/ci</Arn><UserId>AIDA" + account + "</UserId>"
                        + "<Account>" + account + "</Account></GetCallerIdentityResult>"
                        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
    }

    /** IAM ListAccountAliases answers with this alias. */
    public RecordingProxy accountAlias(String alias) {
        return stubQueryAction(
                "ListAccountAliases",
                200,
                "<ListAccountAliasesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListAccountAliasesResult>"
                        + "<IsTruncated>false</IsTruncated><AccountAliases><member>" + alias
                        + "</member></AccountAliases></ListAccountAliasesResult>"
                        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListAccountAliasesResponse>");
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
