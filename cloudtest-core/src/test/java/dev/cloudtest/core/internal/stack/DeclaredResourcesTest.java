package dev.cloudtest.core.internal.stack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudtest.core.CloudSession;
import dev.cloudtest.core.Stack;
import dev.cloudtest.core.StackSpec;
import dev.cloudtest.core.TargetKind;
import dev.cloudtest.core.exception.ProvisioningFailedException;
import dev.cloudtest.core.internal.hook.PreparedStack;
import dev.cloudtest.core.internal.hook.StackHooks;
import dev.cloudtest.core.internal.hook.TemplateStages;
import dev.cloudtest.core.internal.target.ClientFactory;
import dev.cloudtest.core.internal.template.Template;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The resources a created stack must have. On AWS, CloudFormation expands SAM, and the expanded logical ids are not all
 * the declared ones (a layer gets a hash suffix), so a SAM stack is checked against the template CloudFormation
 * processed ({@code GetTemplate}, {@code TemplateStage=Processed}), here answered by WireMock.
 */
class DeclaredResourcesTest {
    private static final String SAM =
            """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              SharedLayer:
                Type: AWS::Serverless::LayerVersion
                Properties: {ContentUri: s3://artifacts/layer.zip}
              OrdersFunction:
                Type: AWS::Serverless::Function
                Properties: {Handler: orders.Handler, Runtime: java17, CodeUri: s3://artifacts/f.zip,
                  Layers: [!Ref SharedLayer]}
            """;
    private static final String PROCESSED = "{\"Resources\": {"
            + "\"SharedLayer3b7f1e9a2c\": {\"Type\": \"AWS::Lambda::LayerVersion\", \"Properties\": {}},"
            + "\"OrdersFunctionRole\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {}},"
            + "\"OrdersFunction\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {}}}}";
    private static final String STACK_ID = "arn:aws:cloudformation:us-east-1:111122223333:stack/ct-orders-r1/1";

    private final WireMockServer cloudFormation =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private ClientFactory clients;

    @BeforeEach
    void start() {
        cloudFormation.start();
        clients = new ClientFactory(
                "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret")),
                Optional.of(URI.create(cloudFormation.baseUrl())),
                true);
    }

    @AfterEach
    void stop() {
        clients.close();
        cloudFormation.stop();
    }

    @Test
    void on_aws_a_sam_stack_is_checked_against_the_template_cloudformation_processed() {
        answerGetTemplate(200, processedTemplateXml());

        DeclaredResources.verify(
                prepared(),
                stack(Map.of(
                        "SharedLayer3b7f1e9a2c", "AWS::Lambda::LayerVersion",
                        "OrdersFunctionRole", "AWS::IAM::Role",
                        "OrdersFunction", "AWS::Lambda::Function")),
                hooks(),
                aws());

        assertThat(cloudFormation.getAllServeEvents())
                .map(ServeEvent::getRequest)
                .singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString())
                        .contains("Action=GetTemplate")
                        .contains("TemplateStage=Processed"));
    }

    @Test
    void a_resource_of_the_processed_template_that_is_missing_still_fails_naming_it() {
        answerGetTemplate(200, processedTemplateXml());

        assertThatThrownBy(() -> DeclaredResources.verify(
                        prepared(),
                        stack(Map.of(
                                "SharedLayer3b7f1e9a2c", "AWS::Lambda::LayerVersion",
                                "OrdersFunction", "AWS::Lambda::Function")),
                        hooks(),
                        aws()))
                .isInstanceOf(ProvisioningFailedException.class)
                .hasMessageContaining("OrdersFunctionRole (AWS::IAM::Role)")
                .hasMessageNotContaining("SharedLayer (AWS::Serverless::LayerVersion)");
    }

    @Test
    void without_get_template_permission_the_check_is_skipped_not_failed() {
        answerGetTemplate(
                403,
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed to call "
                        + "GetTemplate</Message></Error><RequestId>r</RequestId></ErrorResponse>");

        DeclaredResources.verify(prepared(), stack(Map.of("OrdersFunction", "AWS::Lambda::Function")), hooks(), aws());
    }

    @Test
    void on_an_emulator_the_prepared_template_is_already_expanded_and_nothing_is_asked() {
        PreparedStack prepared = prepared();
        CloudSession emulator = new CloudSession(
                TargetKind.ENDPOINT,
                "us-east-1",
                Optional.of(URI.create(cloudFormation.baseUrl())),
                "123456789012",
                clients);

        assertThatThrownBy(() -> DeclaredResources.verify(
                        prepared, stack(Map.of("OrdersFunction", "AWS::Lambda::Function")), hooks(), emulator))
                .isInstanceOf(ProvisioningFailedException.class)
                .hasMessageContaining("SharedLayer (AWS::Serverless::LayerVersion)");
        assertThat(cloudFormation.getAllServeEvents()).isEmpty();
    }

    private void answerGetTemplate(int status, String xml) {
        cloudFormation.stubFor(post(anyUrl())
                .withRequestBody(containing("Action=GetTemplate"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(xml)));
    }

    private static String processedTemplateXml() {
        return "<GetTemplateResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><GetTemplateResult>"
                + "<TemplateBody>" + PROCESSED.replace("&", "&amp;").replace("<", "&lt;") + "</TemplateBody>"
                + "<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>"
                + "</GetTemplateResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                + "</GetTemplateResponse>";
    }

    private CloudSession aws() {
        return new CloudSession(TargetKind.AWS, "us-east-1", Optional.empty(), "111122223333", clients);
    }

    private static StackHooks hooks() {
        return new StackHooks(List.of());
    }

    private static PreparedStack prepared() {
        StackSpec spec = StackSpec.builder().id("orders").templateBody(SAM).build();
        return new PreparedStack(
                spec,
                "ct-orders-r1",
                TemplateStages.of(Template.parse(SAM, "template.yaml")),
                Map.of(),
                Set.of(),
                List.of());
    }

    private Stack stack(Map<String, String> resourceTypes) {
        return new Stack(
                "orders",
                "ct-orders-r1",
                STACK_ID,
                Map.of(),
                resourceTypes,
                resourceTypes,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T03:00:00Z"),
                aws());
    }
}
