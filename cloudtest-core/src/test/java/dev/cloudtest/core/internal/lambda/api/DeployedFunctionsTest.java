package dev.cloudtest.core.internal.lambda.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Routes to functions that do not run locally reach the deployed function (Lambda's Invoke API, here WireMock). */
class DeployedFunctionsTest {
    private static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:orders-v2";

    private WireMockServer lambdaApi;
    private LambdaClient lambda;

    @BeforeEach
    void start() {
        lambdaApi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        lambdaApi.start();
        lambda = LambdaClient.builder()
                .endpointOverride(URI.create(lambdaApi.baseUrl()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        lambdaApi.stop();
    }

    @Test
    void the_function_arn_comes_from_a_bare_arn_or_api_gateways_invocation_uri() {
        assertThat(DeployedFunctions.functionArn(ARN)).contains(ARN);
        assertThat(DeployedFunctions.functionArn(
                        "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/" + ARN + ":live/invocations"))
                .contains(ARN + ":live");
        assertThat(DeployedFunctions.functionArn("http://example.test/orders")).isEmpty();
    }

    @Test
    void the_deployed_function_gets_the_event_and_its_result_comes_back() {
        lambdaApi.stubFor(post(urlPathMatching("/2015-03-31/functions/.*orders-v2/invocations"))
                .withRequestBody(equalToJson("{\"version\":\"2.0\"}"))
                .willReturn(aResponse().withStatus(200).withBody("{\"statusCode\":200,\"body\":\"deployed\"}")));

        assertThat(new DeployedFunctions(lambda).invoke(ARN, "{\"version\":\"2.0\"}"))
                .contains("{\"statusCode\":200,\"body\":\"deployed\"}");
    }

    @Test
    void a_function_error_or_an_unreachable_function_gives_no_result() {
        lambdaApi.stubFor(post(urlPathMatching("/2015-03-31/functions/.*/invocations"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("X-Amz-Function-Error", "Unhandled")
                        .withBody("{\"errorMessage\":\"boom\"}")));

        assertThat(new DeployedFunctions(lambda).invoke(ARN, "{}")).isEmpty();
        assertThat(new DeployedFunctions(lambda).invoke("not a function", "{}")).isEmpty();
    }
}
